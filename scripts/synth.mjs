// `npm run synth`: synthesizes every Rushes stack into backend-cdk/cdk.out offline, Lambdas
// bundled by the local esbuild, with no AWS credentials, account or region (no lookup runs).
// Context from backend-cdk/cdk.json, overridden by `-- -c name=value`. Prints the time and
// each Lambda bundle's size. The CDK CLI is not needed (deploy: see README).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cdkDir = path.join(root, 'backend-cdk');
const outdir = path.join(cdkDir, 'cdk.out');

const context = JSON.parse(readFileSync(path.join(cdkDir, 'cdk.json'), 'utf8')).context ?? {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 1) {
  const pair = args[i] === '-c' || args[i] === '--context' ? args[++i] : /^--?c(?:ontext)?=(.*)$/.exec(args[i] ?? '')?.[1];
  const match = /^([^=]+)=(.*)$/.exec(pair ?? '');
  if (!match) {
    console.error(`synth: expected -c name=value, got ${args[i]}`);
    process.exit(2);
  }
  context[match[1]] = match[2];
}

// No credentials and no metadata service: proof that synth needs no AWS account.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_|^CDK_DEFAULT_/.test(name)));
Object.assign(env, {
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_OUTDIR: outdir,
  CDK_CONTEXT_JSON: JSON.stringify(context),
});

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], { cwd: cdkDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.status !== 0) {
  console.error(`synth: failed (exit ${result.status}) after ${seconds} s`);
  process.exit(1);
}

/** Lambda code assets: which function each is (its S3 key is the asset hash) and its size. */
const bundles = [];
for (const file of readdirSync(outdir).filter((name) => name.endsWith('.template.json'))) {
  const template = JSON.parse(readFileSync(path.join(outdir, file), 'utf8'));
  const assets = JSON.parse(readFileSync(path.join(outdir, file.replace('.template.json', '.assets.json')), 'utf8')).files ?? {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    const asset = typeof key === 'string' ? assets[key.replace(/\.zip$/, '')]?.source?.path : undefined;
    if (!asset) continue;
    const dir = path.join(outdir, asset);
    const files = readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name))).filter((f) => statSync(f).isFile());
    const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
    const code = statSync(path.join(dir, 'index.mjs')).size;
    bundles.push(`${file.replace('.template.json', '')}/${id}: index.mjs ${(code / 1024).toFixed(0)} KiB, bundle ${(total / 1024 ** 2).toFixed(1)} MiB`);
  }
}
console.log(bundles.map((line) => `  ${line}`).join('\n'));
console.log(`synth: ${readdirSync(outdir).filter((n) => n.endsWith('.template.json')).length} stacks into ${path.relative(root, outdir)} in ${seconds} s`);
