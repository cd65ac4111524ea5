import { FormatError, compactProduction, readBroadcastWave, soundReport, type ProductionMetadata } from '@rushes/shared';
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
  try {
    report = soundReport(readBroadcastWave(bytes));
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
  });
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
