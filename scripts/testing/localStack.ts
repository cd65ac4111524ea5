// Test support: a throwaway local stack on free ports in a temporary data dir.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readLocalConfig, startLocalStack, type LocalStack } from '@rushes/lambdas/local';
import type { Clock, TransferExecutor, TransferReports } from '../../lambdas/src/ports';

/**
 * Below this the kernel never picks a port for an outgoing connection (Linux's default
 * ephemeral range starts at 32768): a port probed free above it can be taken by any client's
 * connection before the stack binds it, which a busy machine did (EADDRINUSE in a setup).
 */
const EPHEMERAL_START = ephemeralStart();
const LOWEST_PORT = 10_000;

function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST_PORT + 1_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** A base port with `count` free ports after it (the local stack uses web, api, s3, cognito), all below the ephemeral range. */
export async function freePortRange(count = 4): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = LOWEST_PORT + Math.floor(Math.random() * (EPHEMERAL_START - LOWEST_PORT - count));
    const ok = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free port range found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function tempDataDir(prefix = 'rushes-test-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function startTestStack(options: {
  dataDir: string;
  basePort?: number;
  adminEmail?: string;
  adminPassword?: string;
  /**
   * Run ingest (ffprobe, ffmpeg) on what lands in the media bucket. Off by default: most
   * tests write placeholder bytes under media names, which ingest would turn `failed` while
   * they assert on other things.
   */
  ingest?: boolean;
  /** Replaces the local transfer executor. */
  transferExecutor?: (reports: TransferReports) => TransferExecutor;
  /** Replaces the system clock. */
  clock?: Clock;
  /**
   * Groups that must use two-step sign-in. Tests of other features sign in with a password
   * alone, so they say `none` here on purpose; MFA tests pass the product's default
   * (DEFAULT_MFA_REQUIRED_GROUPS) or their own.
   */
  mfaRequiredGroups?: readonly string[];
}): Promise<LocalStack> {
  const base = options.basePort ?? (await freePortRange());
  const env: Record<string, string> = { RUSHES_DATA_DIR: options.dataDir, RUSHES_PORT: String(base) };
  if (options.adminEmail) env['RUSHES_ADMIN_EMAIL'] = options.adminEmail;
  if (options.adminPassword) env['RUSHES_ADMIN_PASSWORD'] = options.adminPassword;
  env['RUSHES_INGEST'] = options.ingest ? 'on' : 'off';
  env['RUSHES_MFA_REQUIRED_GROUPS'] = options.mfaRequiredGroups?.length ? options.mfaRequiredGroups.join(',') : 'none';
  return startLocalStack(readLocalConfig(env), {
    ...(options.transferExecutor ? { transferExecutor: options.transferExecutor } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
