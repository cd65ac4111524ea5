// `npm test`: lint, typecheck, then unit, medium (real stand-ins) and e2e (Debian Chromium)
// tests with vitest. Ends with one plain line: `N passed, N failed`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const node = process.execPath;
let passed = 0;
let failed = 0;

function step(name, argv, { parse } = {}) {
  return new Promise((resolve) => {
    console.log(`\n== ${name}`);
    const started = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    child.on('exit', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (parse) {
        const counts = /vitest: (\d+) passed, (\d+) failed/.exec(tail);
        if (counts) {
          passed += Number(counts[1]);
          failed += Number(counts[2]);
          if (code !== 0 && Number(counts[2]) === 0) failed += 1; // vitest failed for another reason
        } else {
          failed += 1; // the runner itself broke before it could count
        }
      } else if (code === 0) {
        passed += 1;
      } else {
        failed += 1;
      }
      console.log(`== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds} s`);
      resolve(code === 0);
    });
  });
}

await step('system check', [node, 'scripts/check-system.mjs', '--require']);
await step('lint', [node, 'node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.']);
await step('format (prettier --check)', [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level=warn', '.']);
await step('typecheck', [node, 'scripts/typecheck.mjs']);
await step('cdk synth (offline, Lambdas bundled)', [node, 'scripts/synth.mjs']);
await step('tests (unit, medium, e2e)', [node, 'node_modules/vitest/vitest.mjs', 'run'], { parse: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
