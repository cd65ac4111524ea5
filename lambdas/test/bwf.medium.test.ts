import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBroadcastWave, startTimecodeFromBext } from '@rushes/shared';

const run = promisify(execFile);

/** FFmpeg's wav muxer is an independent bext writer: its output must read back field for field. */
async function ffmpegWave(file: string, container: 'auto' | 'always'): Promise<Uint8Array> {
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=1000:sample_rate=48000:d=0.25', '-ac', '2', '-c:a', 'pcm_s24le'],
    ...['-write_bext', '1', '-rf64', container],
    ...['-metadata', 'time_reference=2190940753', '-metadata', 'description=sSCENE=12A', '-metadata', 'originator=Rushes test'],
    ...[
      '-metadata',
      'origination_date=2024-05-17',
      '-metadata',
      'origination_time=14:30:00',
      '-metadata',
      'coding_history=A=PCM,F=48000,W=24,M=stereo',
    ],
    file,
  ]);
  return new Uint8Array(await readFile(file));
}

describe('Broadcast WAV files written by ffmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-bwf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['auto', 'always'] as const)('reads bext, the extensible fmt and the chunk walk (-rf64 %s)', async (mode) => {
    const wave = readBroadcastWave(await ffmpegWave(path.join(dir, `${mode}.wav`), mode));
    expect(wave).toMatchObject({
      container: mode === 'always' ? 'RF64' : 'RIFF',
      formatTag: 0xfffe,
      channels: 2,
      sampleRate: 48000,
      bitsPerSample: 24,
      complete: true,
    });
    // With -rf64 auto, ffmpeg reserves the ds64 space as a JUNK chunk in case the file outgrows 4 GiB.
    expect(wave.chunks).toEqual([mode === 'always' ? 'ds64' : 'JUNK', 'fmt ', 'bext', 'LIST', 'data']);
    expect(wave.bext).toMatchObject({
      description: 'sSCENE=12A',
      originator: 'Rushes test',
      originationDate: '2024-05-17',
      originationTime: '14:30:00',
      timeReference: 2190940753n,
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo',
    });
    expect(startTimecodeFromBext(wave.bext!.timeReference, wave.sampleRate, { num: 24000, den: 1001 }, false)).toBe('12:39:59:00');
  });
});
