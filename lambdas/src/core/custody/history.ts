import { createHash } from 'node:crypto';
import {
  chainEntryMatches,
  readChain,
  readGeneration,
  MHL_CHAIN_FILE_NAME,
  type DigestFactory,
  type MhlChain,
  type MhlGeneration,
} from '@rushes/shared';
import type { ObjectStore } from '../../ports';

/** Node's incremental digests, for the C4 ids the chain records. */
export const digests: DigestFactory = (algorithm) => createHash(algorithm);

/** An MHL history file is text of a few megabytes at most; more is not an MHL file. */
const MAX_HISTORY_FILE_BYTES = 32 * 1024 * 1024;

export const historyPrefix = (rootPath: string) => `${rootPath}ascmhl/`;

/** A small object's text, or null when there is none; refuses one too large to be an MHL file. */
export async function readText(objects: ObjectStore, key: string): Promise<string | null> {
  const body = await objects.read(key);
  if (!body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_HISTORY_FILE_BYTES) throw new Error(`${key} is over ${MAX_HISTORY_FILE_BYTES} bytes: not an MHL file`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The `ascmhl/` history a card arrived with, as an offload tool wrote it. */
export type ArrivedHistory =
  | { readonly status: 'none' }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'read'; readonly chain: MhlChain; readonly generations: readonly MhlGeneration[] };

/**
 * Reads the chain and every generation it lists from the bucket, checking each file's C4 id
 * against the chain: an edited or swapped generation is as untrustworthy as a broken one.
 */
export async function readArrivedHistory(objects: ObjectStore, rootPath: string): Promise<ArrivedHistory> {
  const prefix = historyPrefix(rootPath);
  let chainText: string | null;
  try {
    chainText = await readText(objects, `${prefix}${MHL_CHAIN_FILE_NAME}`);
  } catch (error) {
    return { status: 'invalid', message: (error as Error).message };
  }
  if (chainText === null) {
    for await (const object of objects.list(prefix)) {
      if (object.key.endsWith('.mhl'))
        return { status: 'invalid', message: `ascmhl/ holds ${object.key.slice(prefix.length)} but no ${MHL_CHAIN_FILE_NAME}` };
    }
    return { status: 'none' };
  }
  try {
    const chain = readChain(chainText);
    const generations: MhlGeneration[] = [];
    for (const entry of chain.generations) {
      const text = await readText(objects, `${prefix}${entry.path}`);
      if (text === null) return { status: 'invalid', message: `${MHL_CHAIN_FILE_NAME} lists ${entry.path}, which is not in ascmhl/` };
      if (!chainEntryMatches(entry, text, digests)) {
        return { status: 'invalid', message: `${entry.path} is not the file ${MHL_CHAIN_FILE_NAME} recorded (its C4 id differs)` };
      }
      generations.push(readGeneration(text));
    }
    return { status: 'read', chain, generations };
  } catch (error) {
    return { status: 'invalid', message: (error as Error).message };
  }
}
