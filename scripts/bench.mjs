// `npm run bench -- NAME`: runs one benchmark (scripts/bench/NAME.ts). Each measures its
// baseline in the same run and ends with one line `NAME: key=value ...`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, 'scripts', 'bench');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !existsSync(path.join(dir, `${name}.ts`))) {
  console.error(`Usage: npm run bench -- NAME, where NAME is one of: ${available.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--openssl-legacy-provider', '--import', 'tsx', path.join(dir, `${name}.ts`), ...process.argv.slice(3)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
