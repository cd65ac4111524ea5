import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { describe, expect, it, vi } from 'vitest';
import type { TranscodeRequest } from '../ports';
import { MediaConvertTranscoder } from './mediaConvertTranscoder';

const options = {
  roleArn: 'arn:aws:iam::123456789012:role/rushes-mediaconvert',
  mediaBucket: 'rushes-media-123',
  derivedBucket: 'rushes-derived-123',
  queueArn: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
};

/** Only the client is a stand-in: it records what would go over the wire. */
function recordingClient(jobId = '1700000000000-abc123') {
  const client = new MediaConvertClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const send = vi.spyOn(client, 'send').mockImplementation(async () => ({ Job: { Id: jobId } }) as never);
  return { client, send };
}

/** Plans without a watermark write no sidecar; one that did would fail the test here. */
const noSidecars = { putText: () => Promise.reject(new Error('no sidecar was expected')) };

const video: TranscodeRequest = {
  assetId: 'a1b2c3d4-0000-4000-8000-000000000001',
  sourceKey: 'Show/Day 1/A001_C001.mov',
  plan: {
    kind: 'video',
    proxy: {
      key: 'a1b2c3d4-0000-4000-8000-000000000001/proxy.mp4',
      size: { width: 1280, height: 720 },
      frameRate: { num: 24000, den: 1001 },
      withAudio: true,
    },
    thumbnail: { key: 'a1b2c3d4-0000-4000-8000-000000000001/thumbnail.jpg', size: { width: 640, height: 360 }, atSeconds: 1.5 },
    filmstrip: { key: 'a1b2c3d4-0000-4000-8000-000000000001/filmstrip.jpg', durationSeconds: 15 },
  },
};

describe('MediaConvertTranscoder', () => {
  it('submits exactly this CreateJob for a 23.976 fps clip: H.264 High, AAC, faststart MP4, source rate kept, one thumbnail', async () => {
    const { client, send } = recordingClient();
    const result = await new MediaConvertTranscoder(client, options, noSidecars).transcode(video);
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]![0];
    expect(command).toBeInstanceOf(CreateJobCommand);
    expect(command.input).toEqual({
      Role: 'arn:aws:iam::123456789012:role/rushes-mediaconvert',
      Queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
      UserMetadata: {
        assetId: 'a1b2c3d4-0000-4000-8000-000000000001',
        sourceKey: 'Show/Day 1/A001_C001.mov',
        // The completion event carries the output keys back to the status Lambda.
        derived: JSON.stringify(result.status === 'submitted' ? result.derived : null),
        // What ffmpeg makes from the finished proxy (MediaConvert has no sprite output).
        companions: '{"kind":"video","filmstrip":{"key":"a1b2c3d4-0000-4000-8000-000000000001/filmstrip.jpg","durationSeconds":15}}',
      },
      StatusUpdateInterval: 'SECONDS_60',
      Settings: {
        TimecodeConfig: { Source: 'EMBEDDED' },
        Inputs: [
          {
            FileInput: 's3://rushes-media-123/Show/Day 1/A001_C001.mov',
            TimecodeSource: 'EMBEDDED',
            AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
            VideoSelector: { Rotate: 'AUTO' },
          },
        ],
        OutputGroups: [
          {
            Name: 'proxy',
            OutputGroupSettings: {
              Type: 'FILE_GROUP_SETTINGS',
              FileGroupSettings: { Destination: 's3://rushes-derived-123/a1b2c3d4-0000-4000-8000-000000000001/proxy' },
            },
            Outputs: [
              {
                Extension: 'mp4',
                ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
                VideoDescription: {
                  Width: 1280,
                  Height: 720,
                  ScalingBehavior: 'DEFAULT',
                  CodecSettings: {
                    Codec: 'H_264',
                    H264Settings: {
                      CodecProfile: 'HIGH',
                      CodecLevel: 'AUTO',
                      RateControlMode: 'QVBR',
                      QvbrSettings: { QvbrQualityLevel: 7 },
                      MaxBitrate: 5_000_000,
                      HrdBufferSize: 10_000_000,
                      GopSize: 2,
                      GopSizeUnits: 'SECONDS',
                      SceneChangeDetect: 'ENABLED',
                      FramerateControl: 'SPECIFIED',
                      FramerateNumerator: 24000,
                      FramerateDenominator: 1001,
                    },
                  },
                },
                AudioDescriptions: [
                  {
                    AudioSourceName: 'Audio Selector 1',
                    CodecSettings: {
                      Codec: 'AAC',
                      AacSettings: { Bitrate: 128_000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48_000, CodecProfile: 'LC' },
                    },
                  },
                ],
              },
            ],
          },
          {
            Name: 'thumbnail',
            OutputGroupSettings: {
              Type: 'FILE_GROUP_SETTINGS',
              FileGroupSettings: { Destination: 's3://rushes-derived-123/a1b2c3d4-0000-4000-8000-000000000001/thumbnail' },
            },
            Outputs: [
              {
                Extension: 'jpg',
                ContainerSettings: { Container: 'RAW' },
                VideoDescription: {
                  Width: 640,
                  Height: 360,
                  ScalingBehavior: 'DEFAULT',
                  CodecSettings: {
                    Codec: 'FRAME_CAPTURE',
                    FrameCaptureSettings: { FramerateNumerator: 1000, FramerateDenominator: 1500, MaxCaptures: 2, Quality: 85 },
                  },
                },
              },
            ],
          },
        ],
      },
    });
    expect(result).toEqual({
      status: 'submitted',
      jobId: '1700000000000-abc123',
      derived: {
        proxy: 'a1b2c3d4-0000-4000-8000-000000000001/proxy.mp4',
        thumbnail: 'a1b2c3d4-0000-4000-8000-000000000001/thumbnail.0000001.jpg',
      },
    });
  });

  it('applies a look: the baked cube as the job 3D LUT, Rec. 709 forced in, and graded outputs with the timecode burnt in', async () => {
    const { client, send } = recordingClient();
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    const graded = {
      lookId: '0123456789abcdef',
      cubeKey: 'looks/baked/3f2a.cube',
      burnIn: {
        timecode: { start: '01:00:00:00', rate: { num: 24000, den: 1001 } },
        clipName: 'A001_C001 é',
        watermark: null,
      },
      proxyKey: `${id}/look-0123456789abcdef/proxy.mp4`,
      thumbnailKey: `${id}/look-0123456789abcdef/thumbnail.jpg`,
      filmstripKey: `${id}/look-0123456789abcdef/filmstrip.jpg`,
    };
    const plan = { ...(video.plan as Extract<TranscodeRequest['plan'], { kind: 'video' }>), graded };
    const result = await new MediaConvertTranscoder(client, options, noSidecars).transcode({ ...video, plan });
    const input = (send.mock.calls[0]![0] as CreateJobCommand).input;
    expect(input.Settings!.ColorConversion3DLUTSettings).toEqual([
      { FileInput: 's3://rushes-derived-123/looks/baked/3f2a.cube', InputColorSpace: 'REC_709', OutputColorSpace: 'REC_709' },
    ]);
    expect(input.Settings!.Inputs![0]!.VideoSelector).toEqual({ Rotate: 'AUTO', ColorSpace: 'REC_709', ColorSpaceUsage: 'FORCE' });
    const groups = input.Settings!.OutputGroups!;
    expect(groups.map((group) => group.Name)).toEqual([
      'proxy',
      'thumbnail',
      'graded proxy',
      'graded thumbnail',
      'graded filmstrip frames',
    ]);
    // The as-shot outputs convert no colour, so the LUT (matched on output colour space) leaves them alone.
    expect(groups[0]!.Outputs![0]!.VideoDescription!.VideoPreprocessors).toBeUndefined();
    expect(groups[2]!.OutputGroupSettings!.FileGroupSettings!.Destination).toBe(
      `s3://rushes-derived-123/${id}/look-0123456789abcdef/proxy`,
    );
    expect(groups[2]!.Outputs![0]!.VideoDescription!.VideoPreprocessors).toEqual({
      ColorCorrector: { ColorSpaceConversion: 'FORCE_709' },
      TimecodeBurnin: { Position: 'BOTTOM_RIGHT', FontSize: 16, Prefix: 'A001_C001 ? ' },
    });
    expect(groups[2]!.Outputs![0]!.VideoDescription!.CodecSettings).toEqual(groups[0]!.Outputs![0]!.VideoDescription!.CodecSettings);
    expect(groups[3]!.Outputs![0]!.VideoDescription!.VideoPreprocessors).toEqual({ ColorCorrector: { ColorSpaceConversion: 'FORCE_709' } });
    // The filmstrip's 100 frames over the 15 s, each fitted in a 160×90 cell, through the same LUT (its output converts to Rec. 709).
    expect(groups[4]).toEqual({
      Name: 'graded filmstrip frames',
      OutputGroupSettings: {
        Type: 'FILE_GROUP_SETTINGS',
        FileGroupSettings: { Destination: `s3://rushes-derived-123/${id}/look-0123456789abcdef/filmstrip-frames` },
      },
      Outputs: [
        {
          Extension: 'jpg',
          ContainerSettings: { Container: 'RAW' },
          VideoDescription: {
            Width: 160,
            Height: 90,
            ScalingBehavior: 'DEFAULT',
            CodecSettings: {
              Codec: 'FRAME_CAPTURE',
              FrameCaptureSettings: { FramerateNumerator: 100_000, FramerateDenominator: 15_000, MaxCaptures: 100, Quality: 85 },
            },
            VideoPreprocessors: { ColorCorrector: { ColorSpaceConversion: 'FORCE_709' } },
          },
        },
      ],
    });
    expect(JSON.parse(input.UserMetadata!['gradedFilmstrip']!)).toEqual({
      frames: `${id}/look-0123456789abcdef/filmstrip-frames`,
      key: `${id}/look-0123456789abcdef/filmstrip.jpg`,
    });
    const expectedGraded = {
      lookId: '0123456789abcdef',
      proxy: `${id}/look-0123456789abcdef/proxy.mp4`,
      thumbnail: `${id}/look-0123456789abcdef/thumbnail.0000001.jpg`,
      filmstrip: null,
    };
    expect(JSON.parse(input.UserMetadata!['graded']!)).toEqual(expectedGraded);
    expect(result).toMatchObject({ status: 'submitted', graded: expectedGraded });

    // A re-render after a look change makes the graded outputs only.
    await new MediaConvertTranscoder(client, options, noSidecars).transcode({ ...video, plan: { ...plan, gradedOnly: true } });
    const again = (send.mock.calls[1]![0] as CreateJobCommand).input;
    expect(again.Settings!.OutputGroups!.map((group) => group.Name)).toEqual([
      'graded proxy',
      'graded thumbnail',
      'graded filmstrip frames',
    ]);
    expect(again.UserMetadata!['derived']).toBe('{}');
  });

  it('lets MediaConvert take the rate from the source when the probe found none, and leaves out sound the source lacks', async () => {
    const { client, send } = recordingClient();
    const plan = {
      ...video.plan,
      proxy: { ...(video.plan as Extract<TranscodeRequest['plan'], { kind: 'video' }>).proxy, frameRate: null, withAudio: false },
    };
    await new MediaConvertTranscoder(client, { ...options, queueArn: undefined }, noSidecars).transcode({
      ...video,
      plan,
    } as TranscodeRequest);
    const input = (send.mock.calls[0]![0] as CreateJobCommand).input;
    expect(input.Queue).toBeUndefined();
    const proxy = input.Settings!.OutputGroups![0]!.Outputs![0]!;
    expect(proxy.VideoDescription!.CodecSettings!.H264Settings).toMatchObject({ FramerateControl: 'INITIALIZE_FROM_SOURCE' });
    expect(proxy.VideoDescription!.CodecSettings!.H264Settings!.FramerateNumerator).toBeUndefined();
    expect(proxy.AudioDescriptions).toEqual([]);
  });

  it('makes a sound proxy as AAC in MP4, and refuses still images instead of pretending', async () => {
    const { client, send } = recordingClient();
    const transcoder = new MediaConvertTranscoder(client, options, noSidecars);
    const sound = await transcoder.transcode({
      assetId: 'b1b2c3d4-0000-4000-8000-000000000002',
      sourceKey: 'Show/Sound/T001.wav',
      plan: {
        kind: 'audio',
        proxy: { key: 'b1b2c3d4-0000-4000-8000-000000000002/proxy.m4a' },
        waveform: { key: 'b1b2c3d4-0000-4000-8000-000000000002/waveform.png' },
      },
    });
    expect(sound.derived).toEqual({ proxy: 'b1b2c3d4-0000-4000-8000-000000000002/proxy.m4a' });
    expect((send.mock.calls[0]![0] as CreateJobCommand).input.UserMetadata!['companions']).toBe(
      '{"kind":"audio","waveform":{"key":"b1b2c3d4-0000-4000-8000-000000000002/waveform.png"}}',
    );
    const group = (send.mock.calls[0]![0] as CreateJobCommand).input.Settings!.OutputGroups![0]!;
    expect(group.OutputGroupSettings!.FileGroupSettings!.Destination).toBe(
      's3://rushes-derived-123/b1b2c3d4-0000-4000-8000-000000000002/proxy',
    );
    expect(group.Outputs).toEqual([
      {
        Extension: 'm4a',
        ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
        AudioDescriptions: [
          {
            AudioSourceName: 'Audio Selector 1',
            CodecSettings: {
              Codec: 'AAC',
              AacSettings: { Bitrate: 192_000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48_000, CodecProfile: 'LC' },
            },
          },
        ],
      },
    ]);
    await expect(
      transcoder.transcode({
        assetId: 'c1b2c3d4-0000-4000-8000-000000000003',
        sourceKey: 'Show/Stills/plate.exr',
        plan: {
          kind: 'image',
          preview: { key: 'c/preview.jpg', size: { width: 2048, height: 1080 } },
          thumbnail: { key: 'c/thumbnail.jpg', size: { width: 640, height: 338 } },
        },
      }),
    ).rejects.toThrow(/no still-image previews/);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
