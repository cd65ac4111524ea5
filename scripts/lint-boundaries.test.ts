import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heavyTimeout } from './testing/timeouts';

// Runs the same ESLint binary and config as `npm run lint` on fixture sources, placed (via
// --stdin-filename) where they would live, and checks a wrong-way import fails the run.
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

function lint(filename: string, source: string): { exitCode: number; output: string } {
  const result = spawnSync(process.execPath, [eslintBin, '--max-warnings=0', '--stdin', '--stdin-filename', filename], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  return { exitCode: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

const wrongWay: [string, string, RegExp][] = [
  ['desktop/src/renderer/Bad.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", /browser/],
  ['desktop/src/renderer/Bad.tsx', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n", /browser/],
  ['desktop/src/renderer/Bad.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", /window\.rushes/],
  ['desktop/src/renderer/Bad.tsx', "import { S3Client } from '@aws-sdk/client-s3';\nexport const x = S3Client;\n", /AWS SDK/],
  ['desktop/src/renderer/Bad.tsx', "import Database from 'better-sqlite3';\nexport const x = Database;\n", /SQLite/],
  [
    'desktop/src/renderer/screens/Bad.tsx',
    "import { SessionService } from '../../main/services/session';\nexport const x = SessionService;\n",
    /main-process/,
  ],
  ['shared/src/bad.ts', "import { S3Client } from '@aws-sdk/client-s3';\nexport const x = S3Client;\n", /AWS SDK/],
  ['shared/src/bad.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n", /browser/],
  ['shared/src/bad.ts', "import { useState } from 'react';\nexport const x = useState;\n", /React/],
  [
    'lambdas/src/core/bad.ts',
    "import { CognitoJwtVerifier } from '../adapters/jwtVerifier';\nexport const x = CognitoJwtVerifier;\n",
    /ports/,
  ],
];

// Each case starts a whole ESLint process: seconds apiece on a busy 2-core machine.
describe('npm run lint import boundaries', { timeout: heavyTimeout(30_000) }, () => {
  it.each(wrongWay)('fails %s importing the wrong way (%#)', (filename, source, message) => {
    const { exitCode, output } = lint(filename, source);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/no-restricted-imports/);
    expect(output).toMatch(message);
  });

  it.each([
    ['desktop/src/renderer/Good.tsx', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['shared/src/good.ts', "import { z } from 'zod';\nexport const x = z.string();\n"],
    ['lambdas/src/core/good.ts', "import type { Principal } from '../ports';\nexport type X = Principal;\n"],
    ['lambdas/src/adapters/good.ts', "import { S3Client } from '@aws-sdk/client-s3';\nexport const x = S3Client;\n"],
  ])('passes %s importing the right way', (filename, source) => {
    const { exitCode, output } = lint(filename, source);
    expect(output).toBe('');
    expect(exitCode).toBe(0);
  });
});
