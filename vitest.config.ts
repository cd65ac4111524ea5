import { defineConfig } from 'vitest/config';
import { heavyTimeout } from './scripts/testing/timeouts';

// Three tiers: unit tests beside pure code, medium tests against the
// real local stand-ins (s3rver, cognito-local, ffmpeg, SQLite), e2e in Debian Chromium.
// Timeouts only catch hangs, and stretch with the machine's load (scripts/testing/timeouts.ts).
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    // s3rver encrypts list continuation tokens with DES (OpenSSL legacy provider).
    execArgv: ['--openssl-legacy-provider'],
    // expect.poll() gives up after 1 s by default: a loaded machine (CI beside other jobs, a
    // Chromium repaint behind ffmpeg) can take longer than that to show a change. The limit
    // only bounds a failure; a poll still passes the moment its condition holds.
    expect: { poll: { timeout: heavyTimeout(15_000) } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,lambdas,desktop,backend-cdk,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.medium.test.ts', '**/*.e2e.test.ts'],
          // Only to catch a hang: the unit run shares 2 cores with ffmpeg in the medium tests.
          testTimeout: heavyTimeout(20_000),
          // Some suites bundle or synthesize first (electron-bridge runs esbuild over main and
          // preload, the CDK tests synthesize the app): over vitest's default 10 s when loaded.
          hookTimeout: heavyTimeout(120_000),
        },
      },
      {
        extends: true,
        test: {
          name: 'medium',
          include: ['{shared,lambdas,desktop,backend-cdk,scripts}/**/*.medium.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: heavyTimeout(60_000),
          hookTimeout: heavyTimeout(120_000),
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['desktop/test/e2e/**/*.e2e.test.ts'],
          testTimeout: heavyTimeout(120_000),
          hookTimeout: heavyTimeout(180_000),
          fileParallelism: false,
        },
      },
    ],
  },
});
