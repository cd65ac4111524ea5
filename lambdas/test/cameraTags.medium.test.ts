import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraMetadata, type ProbeTags } from '../src/adapters/ffmpeg/cameraTags';

const run = promisify(execFile);

describe('camera metadata from tags real ffprobe reports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-camtags-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the reel on the MOV timecode track and QuickTime mdta keys in the container', async () => {
    const file = path.join(dir, 'A002C006.mov');
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=0.2', '-c:v', 'mpeg4', '-timecode', '01:00:00:00'],
      ...['-metadata:s:v:0', 'reel_name=A002R2EC', '-movflags', 'use_metadata_tags'],
      ...[
        '-metadata',
        'com.arri.camera.CameraIndex=A',
        '-metadata',
        'com.arri.camera.ShutterAngle=172.8',
        '-metadata',
        'com.apple.proapps.isGood=1',
      ],
      file,
    ]);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format_tags:stream_tags:stream=codec_type',
      '-of',
      'json',
      file,
    ]);
    expect(cameraMetadata(JSON.parse(stdout) as ProbeTags)).toMatchObject({
      reel: 'A002R2EC',
      camera: 'A',
      shutter: '172.8°',
      circled: true,
      lens: null,
    });
  });
});
