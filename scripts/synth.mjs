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
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
  cwd: cdkDir,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.status !== 0) {
  console.error(`synth: failed (exit ${result.status}) after ${seconds} s`);
  process.exit(1);
}

/** Lambda code assets: which function each is (its S3 key is the asset hash) and its size. */
const bundles = [];
const assetDirs = {};
for (const file of readdirSync(outdir).filter((name) => name.endsWith('.template.json'))) {
  const template = JSON.parse(readFileSync(path.join(outdir, file), 'utf8'));
  const assets = JSON.parse(readFileSync(path.join(outdir, file.replace('.template.json', '.assets.json')), 'utf8')).files ?? {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    const asset = typeof key === 'string' ? assets[key.replace(/\.zip$/, '')]?.source?.path : undefined;
    if (!asset) continue;
    const dir = path.join(outdir, asset);
    const files = readdirSync(dir, { recursive: true })
      .map((name) => path.join(dir, String(name)))
      .filter((f) => statSync(f).isFile());
    const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
    const code = statSync(path.join(dir, 'index.mjs')).size;
    bundles.push(
      `${file.replace('.template.json', '')}/${id}: index.mjs ${(code / 1024).toFixed(0)} KiB, bundle ${(total / 1024 ** 2).toFixed(1)} MiB`,
    );
    assetDirs[id.replace(/[0-9A-F]{8}$/, '')] = dir;
  }
}
console.log(bundles.map((line) => `  ${line}`).join('\n'));

// Each bundle must load and answer on its own, as Lambda runs it (Node, ESM, no node_modules):
// the router answers API Gateway events, the event Lambdas ignore what is not theirs, and the
// ingest bundle's ffprobe and ffmpeg and the status bundle's ffmpeg run. No AWS call is made: the router checks on every
// request whether the caller was disabled (a DynamoDB GetItem), so DynamoDB is a stub on
// 127.0.0.1 that knows no item.
const smoke = `
const http = await import('node:http');
const stub = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }); res.end('{}'); }); });
await new Promise((resolve) => stub.listen(0, '127.0.0.1', resolve));
process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:' + stub.address().port;
const [router, ingest, status, transferStatus, renderWorker, renderDeadLetters, pushFanOut] = await Promise.all([ROUTER, INGEST, STATUS, TRANSFER_STATUS, RENDER_WORKER, RENDER_DEAD_LETTERS, PUSH_FAN_OUT].map((dir) => import(dir + '/index.mjs')));
// A message that is not a render batch is dropped (logged), never retried: no AWS call.
const unreadable = { Records: [{ messageId: 'smoke', body: 'not json', attributes: { ApproximateReceiveCount: '1' } }] };
const call = (rawPath, requestContext) => router.handler({ rawPath, requestContext: { http: { method: 'GET' }, requestId: 'smoke', ...requestContext } });
const health = await call('/v1/health', {});
const noClaims = await call('/v1/me', {});
const me = await call('/v1/me', { authorizer: { jwt: { claims: { sub: 'u', email: 'e@example.com', token_use: 'id', 'cognito:groups': '[editors]' } } } });
const checks = {
  health: health.statusCode === 200 && JSON.parse(health.body).mode === 'cloud',
  'me without claims is 401': noClaims.statusCode === 401,
  'me with claims': me.statusCode === 200 && JSON.parse(me.body).groups[0] === 'editors',
  'ingest ignores another bucket': (await ingest.handler({ 'detail-type': 'Object Created', source: 'aws.s3', time: 't', detail: { bucket: { name: 'other' }, object: { key: 'k' } } })) === undefined,
  'status ignores another deploy': (await status.handler({ 'detail-type': 'MediaConvert Job State Change', source: 'aws.mediaconvert', detail: { status: 'COMPLETE', jobId: 'j', userMetadata: { owner: 'other' } } })) === undefined,
  'transfer status ignores another document': (await transferStatus.handler({ 'detail-type': 'EC2 Command Status-change Notification', source: 'aws.ssm', detail: { 'document-name': 'AWS-RunShellScript', status: 'Success' } })) === undefined,
  'render worker drops an unreadable message': (await renderWorker.handler(unreadable)).batchItemFailures.length === 0,
  'render dead letters drop an unreadable message': (await renderDeadLetters.handler(unreadable)).batchItemFailures.length === 0,
  // A batch with nothing to number and no numbered change: neither pump nor connection scan.
  'push fan-out passes over a batch with no changes': (await pushFanOut.handler({ Records: [{ eventName: 'MODIFY', dynamodb: { NewImage: { pk: { S: 'folder' } } } }] })) === undefined,
};
console.log(JSON.stringify(checks));
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
`;
const [routerDir, ingestDir, statusDir, transferStatusDir, renderWorkerDir, renderDeadLettersDir, pushFanOutDir] = [
  'Router',
  'Ingest',
  'JobStatus',
  'TransferStatus',
  'LookRendersWorker',
  'LookRendersDeadLetterHandler',
  'PushFanOut',
].map((name) => assetDirs[name]);
const lambdaEnv = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'smoke',
  AWS_SECRET_ACCESS_KEY: 'smoke',
  RUSHES_TABLE: 'smoke-table',
  RUSHES_MEDIA_BUCKET: 'smoke-media',
  RUSHES_DERIVED_BUCKET: 'smoke-derived',
  RUSHES_USER_POOL_ID: 'us-east-1_smoke',
  RUSHES_UPLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/smoke',
  RUSHES_MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/smoke',
  RUSHES_JOB_OWNER: 'rushes-smoke',
  RUSHES_TRANSFER_DOCUMENT_WINDOWS: 'Rushes-smoke-TransferWindows',
  RUSHES_TRANSFER_DOCUMENT_LINUX: 'Rushes-smoke-TransferLinux',
  RUSHES_TRANSFER_LOG_GROUP: '/rushes/smoke/transfers',
  RUSHES_VERSION: '0.0.0-smoke',
  RUSHES_APP_CLIENT_ID: 'smokeclient',
  RUSHES_RENDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/smoke-renders',
  RUSHES_RENDER_MAX_RECEIVES: '3',
  RUSHES_CONNECTION_TABLE: 'smoke-connections',
  RUSHES_PUSH_ENDPOINT: 'https://push.execute-api.us-east-1.amazonaws.com/live',
  RUSHES_CATALOG_STREAM_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/smoke-table/stream/2026-12-07T00:00:00.000',
  LAMBDA_TASK_ROOT: ingestDir ?? '',
};
const script = smoke
  .replace('ROUTER', JSON.stringify(routerDir))
  .replace('INGEST', JSON.stringify(ingestDir))
  .replace('TRANSFER_STATUS', JSON.stringify(transferStatusDir))
  .replace('RENDER_WORKER', JSON.stringify(renderWorkerDir))
  .replace('RENDER_DEAD_LETTERS', JSON.stringify(renderDeadLettersDir))
  .replace('PUSH_FAN_OUT', JSON.stringify(pushFanOutDir))
  .replace('STATUS', JSON.stringify(statusDir));
const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: outdir, env: lambdaEnv, encoding: 'utf8' });
const tools = [
  ...['ffprobe', 'ffmpeg'].map((tool) => path.join(ingestDir ?? '', 'bin', tool)),
  path.join(statusDir ?? '', 'bin', 'ffmpeg'),
].map((tool) => spawnSync(tool, ['-version'], { encoding: 'utf8' }));
if (run.status !== 0 || tools.some((tool) => tool.status !== 0)) {
  console.error(`synth: a bundle does not run as Lambda would run it:\n${run.stdout}${run.stderr}`);
  for (const tool of tools) if (tool.status !== 0) console.error(tool.error?.message ?? tool.stderr);
  process.exit(1);
}
console.log(
  `  bundles run: ${run.stdout.trim().split('\n').at(-1)}; ingest bin/ and status bin/: ${tools.map((tool) => tool.stdout.split(' ').slice(0, 3).join(' ')).join(', ')}`,
);
console.log(
  `synth: ${readdirSync(outdir).filter((n) => n.endsWith('.template.json')).length} stacks into ${path.relative(root, outdir)} in ${seconds} s`,
);
