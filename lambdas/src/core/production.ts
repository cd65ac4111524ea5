import {
  FormatError,
  compactProduction,
  readBroadcastWave,
  soundReport,
  type BroadcastWave,
  type ProductionMetadata,
  type SoundReport,
  type SoundTimecode,
} from '@rushes/shared';
import type { ObjectStore } from '../ports';

/** Recorders write bext and iXML before the sound, so the report is in the first part of the file. */
export const SOUND_REPORT_BYTES = 1024 * 1024;

/**
 * A WAV's sound report (BWF bext and iXML: scene, take, sound roll, circle, notes, track names)
 * from the first bytes of the object. A broken chunk is no reason to refuse the file: the
 * reason goes into `problem` and ingest goes on. Null when there is nothing to say.
 */
export async function soundReportOf(objects: ObjectStore, key: string): Promise<ProductionMetadata | null> {
  const bytes = await firstBytes(objects, key, SOUND_REPORT_BYTES);
  if (!bytes) return null;
  let report;
  let wave;
  try {
    wave = readBroadcastWave(bytes);
    report = soundReport(wave);
  } catch (error) {
    if (error instanceof FormatError) return { problem: error.message };
    throw error;
  }
  return compactProduction({
    reel: report.tape,
    scene: report.scene,
    take: report.take,
    circled: report.circled,
    soundNotes: report.notes,
    trackNames: report.trackNames.some((name) => name !== '') ? report.trackNames : null,
    problem: report.problem,
    soundTimecode: soundTimecodeOf(wave, report),
  });
}

/**
 * Where the file's timecode comes from: bext's TimeReference at the file's sample rate (or
 * iXML's own timestamp when there is no bext), with the rate and flag the report states.
 */
function soundTimecodeOf(wave: BroadcastWave, report: SoundReport): SoundTimecode | null {
  const speed = wave.ixml?.speed;
  const count = wave.bext
    ? { samples: wave.bext.timeReference, sampleRate: wave.sampleRate }
    : speed?.timestampSamplesSinceMidnight != null
      ? { samples: speed.timestampSamplesSinceMidnight, sampleRate: speed.timestampSampleRate ?? wave.sampleRate }
      : null;
  if (!count || count.samples < 0n || !Number.isInteger(count.sampleRate) || count.sampleRate <= 0) return null;
  return {
    samplesSinceMidnight: count.samples.toString(),
    sampleRate: count.sampleRate,
    ...(report.timecodeRate ? { rate: report.timecodeRate } : {}),
    ...(report.dropFrame !== null ? { dropFrame: report.dropFrame } : {}),
  };
}

async function firstBytes(objects: ObjectStore, key: string, limit: number): Promise<Uint8Array | null> {
  const stream = await objects.read(key);
  if (!stream) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break; // leaving the loop closes the stream: the rest is never fetched
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  return bytes;
}
