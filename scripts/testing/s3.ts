// Test and bench support: the local S3 stand-in on its own, and Debian's aws CLI pointed at it.
import type { S3Client } from '@aws-sdk/client-s3';
import { createLocalS3Client, S3RVER_CREDENTIALS } from '../../lambdas/src/local/s3Client';
import { startS3Standin, type S3Standin } from '../../lambdas/src/local/s3Standin';
import { freePortRange, tempDataDir } from './localStack';

export interface TestS3 {
  standin: S3Standin;
  s3: S3Client;
  endpoint: string;
  stop(): Promise<void>;
}

/** s3rver alone, on a free port in a temporary data folder, with these buckets and a client for it. */
export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const data = await tempDataDir('rushes-s3-');
  const standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets });
  const s3 = createLocalS3Client(standin.endpoint);
  return {
    standin,
    s3,
    endpoint: standin.endpoint,
    stop: async () => {
      s3.destroy();
      await standin.stop();
      await data.remove();
    },
  };
}

/**
 * What the aws CLI needs to talk to the stand-in and nothing of the user's own set-up: its key,
 * no config or credentials files, and checksums only where an operation requires them (newer
 * CLIs send aws-chunked bodies, which s3rver stores with their framing). With `endpoint`, every
 * command goes there without `--endpoint-url`.
 */
export function awsCliEnv(endpoint?: string): Record<string, string> {
  return {
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
  };
}

/**
 * Library paths no transfer may mangle or run: quotes, `$( )`, backticks, `;`, `&&`, `$HOME`,
 * 200-character paths, non-Latin letters (NFC, as names are stored).
 */
export const HOSTILE_NAMES: readonly string[] = [
  "Show A/Day 1/it's 'take' 1 ; $(touch pwned) `touch pwned2` 🎬.mov",
  'Show A/Day 1/spaces   and && ; (sub) $HOME.wav',
  `Show A/Day 2/${'a'.repeat(90)}/${'b'.repeat(100)}.mov`,
  'Show A/Ünïcödé/日本語のクリップ.mov'.normalize('NFC'),
];
