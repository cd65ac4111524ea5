// Typechecks every TypeScript project in the repository (strict everywhere).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const projects = [
  'shared/tsconfig.json',
  'lambdas/tsconfig.json',
  'backend-cdk/tsconfig.json',
  'desktop/tsconfig.json',
  'desktop/tsconfig.renderer.json',
  'scripts/tsconfig.json',
];

let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', project], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`typecheck failed: ${project}`);
  }
}
console.log(`typecheck: ${projects.length - failed} of ${projects.length} projects clean`);
process.exit(failed === 0 ? 0 : 1);
