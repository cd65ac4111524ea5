// Bundles the desktop app with esbuild: the renderer for the browser (Electron's or Chromium
// in web mode), and main + preload for Electron. Run directly, or imported by run.mjs.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const desktop = path.join(root, 'desktop');
const out = path.join(desktop, 'dist');

export async function buildRenderer({ production = true } = {}) {
  await mkdir(path.join(out, 'renderer'), { recursive: true });
  await build({
    entryPoints: { renderer: path.join(desktop, 'src/renderer/main.tsx') },
    outdir: path.join(out, 'renderer'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: production,
    sourcemap: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  });
  await copyFile(path.join(desktop, 'src/renderer/index.html'), path.join(out, 'renderer/index.html'));
  return path.join(out, 'renderer');
}

export async function buildElectron() {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ['node22'], // Electron's own Node, not the project's,
    sourcemap: true,
    logLevel: 'warning',
    external: ['electron', 'better-sqlite3'],
  };
  await build({ ...common, entryPoints: [path.join(desktop, 'src/main/main.ts')], outfile: path.join(out, 'main/main.cjs') });
  await build({ ...common, entryPoints: [path.join(desktop, 'src/preload/preload.ts')], outfile: path.join(out, 'preload/preload.cjs') });
  // The search cache's worker thread loads from beside main.cjs (cacheHost.ts).
  await build({
    ...common,
    entryPoints: [path.join(desktop, 'src/main/services/search/cacheWorker.ts')],
    outfile: path.join(out, 'main/cacheWorker.cjs'),
  });
  // The upload hash worker thread, likewise (uploads/hashHost.ts).
  await build({
    ...common,
    entryPoints: [path.join(desktop, 'src/main/services/uploads/hashWorker.ts')],
    outfile: path.join(out, 'main/hashWorker.cjs'),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildRenderer();
  await buildElectron();
  console.log(`Built desktop/dist in ${Date.now() - started} ms`);
}
