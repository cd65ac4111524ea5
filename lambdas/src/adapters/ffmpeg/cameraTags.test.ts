import { describe, expect, it } from 'vitest';
import { cameraMetadata, type ProbeTags } from './cameraTags';

const nothing = {
  reel: null,
  camera: null,
  cameraModel: null,
  lens: null,
  iso: null,
  shutter: null,
  whiteBalance: null,
  scene: null,
  take: null,
  circled: null,
  comment: null,
};

describe('cameraMetadata', () => {
  it('reads an ARRI ProRes MOV’s com.arri.camera keys', () => {
    const probe = {
      format: {
        tags: {
          major_brand: 'qt  ',
          compatible_brands: 'qt  ARRI',
          'com.arri.camera.CameraModel': 'ALEXA Mini LF',
          'com.arri.camera.CameraIndex': 'A',
          'com.arri.camera.ReelName': 'A002R2EC',
          'com.arri.camera.LensType': 'Signature Prime 47mm',
          'com.arri.camera.ExposureIndexAsa': '800',
          'com.arri.camera.ShutterAngle': '172.8',
          'com.arri.camera.WhiteBalanceKelvin': '5600',
          'com.arri.camera.SceneName': '12A',
          'com.arri.camera.TakeName': '3',
        },
      },
      streams: [{ codec_type: 'video', tags: { timecode: '14:21:07:10' } }],
    };
    expect(cameraMetadata(probe)).toEqual({
      ...nothing,
      reel: 'A002R2EC',
      camera: 'A',
      cameraModel: 'ALEXA Mini LF',
      lens: 'Signature Prime 47mm',
      iso: '800',
      shutter: '172.8°',
      whiteBalance: '5600K',
      scene: '12A',
      take: '3',
    });
  });

  it('reads a Blackmagic camera’s pro-apps and blackmagic-design keys, including a circled take', () => {
    const probe = {
      format: {
        tags: {
          'com.apple.proapps.reel': '7',
          'com.apple.proapps.scene': '14',
          'com.apple.proapps.shot': '96',
          'com.apple.proapps.cameraName': 'B',
          'com.apple.proapps.isGood': '1',
          'com.apple.proapps.logNote': 'focus buzz at end',
          'com.apple.proapps.manufacturer': 'Blackmagic Design',
          'com.apple.proapps.modelname': 'URSA Mini Pro 12K',
          'com.blackmagic-design.camera.lensType': 'Canon EF 24-70mm',
          'com.blackmagic-design.camera.iso': '1600',
          'com.blackmagic-design.shutterSpeed': '1/50',
          'com.blackmagic-design.camera.whiteBalanceKelvin': '3200',
        },
      },
    };
    expect(cameraMetadata(probe)).toEqual({
      reel: '7',
      camera: 'B',
      cameraModel: 'Blackmagic Design URSA Mini Pro 12K',
      lens: 'Canon EF 24-70mm',
      iso: '1600',
      shutter: '1/50',
      whiteBalance: '3200K',
      scene: '14',
      take: '96',
      circled: true,
      comment: 'focus buzz at end',
    });
  });

  it('reads an iPhone’s QuickTime keys, whatever their case', () => {
    const probe = {
      format: {
        tags: {
          'com.apple.quicktime.make': 'Apple',
          'com.apple.quicktime.model': 'iPhone 15 Pro',
          'com.apple.quicktime.comment': 'B-roll',
        },
      },
      streams: [{ codec_type: 'video', tags: { 'COM.APPLE.QUICKTIME.CAMERA.LENS_MODEL': 'iPhone 15 Pro back camera 6.86mm f/1.78' } }],
    };
    expect(cameraMetadata(probe)).toEqual({
      ...nothing,
      cameraModel: 'Apple iPhone 15 Pro',
      lens: 'iPhone 15 Pro back camera 6.86mm f/1.78',
      comment: 'B-roll',
    });
  });

  it('takes the reel from a timecode track or an MXF source package, and the model from MXF identification', () => {
    const mov: ProbeTags = {
      streams: [
        { codec_type: 'video', tags: {} },
        { codec_type: 'data', tags: { reel_name: 'A001R1AB', timecode: '01:00:00:00' } },
      ],
    };
    expect(cameraMetadata(mov).reel).toBe('A001R1AB');
    const mxf = { format: { tags: { company_name: 'ARRI', product_name: 'ALEXA 35', reel_name: 'A003R1DF' } } };
    expect(cameraMetadata(mxf)).toMatchObject({ reel: 'A003R1DF', cameraModel: 'ARRI ALEXA 35' });
    expect(cameraMetadata({ format: { tags: { tape: 'TAPE01', comment: 'pickup' } } })).toMatchObject({
      reel: 'TAPE01',
      comment: 'pickup',
    });
  });

  it('prefers the container’s value to a stream’s, and a camera key to a generic one', () => {
    const probe = {
      format: { tags: { tape: 'GENERIC', 'com.apple.proapps.reel': 'R1' } },
      streams: [{ codec_type: 'video', tags: { 'com.arri.camera.ReelName': 'ARRI-REEL' } }],
    };
    expect(cameraMetadata(probe).reel).toBe('ARRI-REEL');
    expect(
      cameraMetadata({
        format: { tags: { 'com.apple.proapps.reel': 'R1' } },
        streams: [{ codec_type: 'video', tags: { 'com.apple.proapps.reel': 'R2' } }],
      }).reel,
    ).toBe('R1');
  });

  it('gives null for every field when the tags say nothing, blank values included', () => {
    expect(cameraMetadata({})).toEqual(nothing);
    expect(
      cameraMetadata({
        format: { tags: { 'com.arri.camera.ReelName': '   ', 'com.apple.proapps.isGood': 'maybe' } },
        streams: [{ codec_type: 'audio' }],
      }),
    ).toEqual(nothing);
    expect(cameraMetadata({ format: { tags: { 'com.apple.proapps.isGood': '0' } } }).circled).toBe(false);
  });
});
