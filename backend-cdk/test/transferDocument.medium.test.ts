import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferResultSchema, writeTransferManifest } from '@rushes/shared';
import { awsCliEnv, startTestS3, type TestS3 } from '../../scripts/testing/s3';
import { resolveIntrinsic, resourcesOf, synthesize } from './synthesize';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The Linux SSM document as synthesized, run as the SSM agent runs it: each parameter checked
// against its allowedPattern, `{{ name }}` replaced by the value, the runCommand lines written
// to a script that `sh` runs. Debian's aws CLI talks to the local S3 stand-in; a temporary
// folder is the edit share. This proves the embedding (quoting, here-document, arguments),
// not only the script, which lambdas/test/transferScript.medium.test.ts exercises in depth.
const exec = promisify(execFile);
const AWS = process.env['BENCH_AWS'] ?? '/usr/bin/aws';
const MEDIA = 'rushes-media';
const DERIVED = 'rushes-derived';

type Json = Record<string, unknown>;
let content: Json;
let local: TestS3;
let s3: S3Client;
let work: string;

beforeAll(async () => {
  const { templates } = synthesize();
  const linux = resourcesOf(templates.transfers, 'AWS::SSM::Document').find(
    ([, d]) => (d['Properties'] as Json)['Name'] === 'Rushes-dev-TransferLinux',
  )!;
  content = (linux[1]['Properties'] as Json)['Content'] as Json;
  local = await startTestS3([MEDIA, DERIVED]);
  s3 = local.s3;
  work = await mkdtemp(path.join(os.tmpdir(), 'rushes-document-'));
}, heavyTimeout(120_000));

afterAll(async () => {
  await local?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** What SSM does with SendCommand's parameters: refuse a value its pattern does not admit, then substitute. */
function ssmCommandText(parameters: Record<string, string>): string {
  const declared = content['parameters'] as Record<string, Json>;
  for (const [name, value] of Object.entries(parameters)) {
    const pattern = new RegExp(resolveIntrinsic(declared[name]!['allowedPattern'], DERIVED) as string);
    if (!pattern.test(value)) throw new Error(`InvalidParameters: ${name}`);
  }
  const step = (content['mainSteps'] as Json[])[0]!;
  const lines = (step['inputs'] as Json)['runCommand'] as string[];
  return lines
    .map((line) => line.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => parameters[name] ?? String(declared[name]!['default'])))
    .join('\n');
}

describe.skipIf(!existsSync(AWS))('the Linux transfer document, run as the SSM agent runs it', () => {
  it('copies a hostile name through the embedded script and writes the result next to the manifest', async () => {
    const name = "Show/Day 1/it's $(touch pwned) `touch pwned2`; 'take' 🎬.mov";
    const body = randomBytes(4096);
    await s3.send(new PutObjectCommand({ Bucket: MEDIA, Key: name, Body: body }));
    const jobId = 'job-document-0001';
    const share = path.join(work, 'share');
    await mkdir(share);
    const manifest = writeTransferManifest({
      version: 1,
      jobId,
      operation: 'copy',
      bucket: MEDIA,
      shareRoot: share,
      entries: [{ key: name, path: name, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }],
    });
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: `transfers/${jobId}/manifest.json`, Body: manifest }));

    const script = path.join(work, '_script.sh');
    await writeFile(script, ssmCommandText({ manifestUri: `s3://${DERIVED}/transfers/${jobId}/manifest.json`, jobId }));
    await exec('sh', [script], {
      cwd: work,
      env: {
        PATH: process.env['PATH'],
        HOME: work,
        TMPDIR: work,
        ...awsCliEnv(local.endpoint),
      },
    });

    const answer = await s3.send(new GetObjectCommand({ Bucket: DERIVED, Key: `transfers/${jobId}/result.json` }));
    const result = TransferResultSchema.parse(JSON.parse(await answer.Body!.transformToString()));
    expect(result).toMatchObject({ jobId, error: null, entries: [{ index: 0, status: 'copied', bytes: 4096 }] });
    expect(await readFile(path.join(share, name))).toEqual(body);
    // Nothing ran from the name, and the embedded script's temporary copy is gone.
    const everywhere = await readdir(work, { recursive: true });
    expect(everywhere.filter((entry) => /(^|\/)pwned2?$/.test(entry))).toEqual([]);
    expect(everywhere.filter((entry) => entry.startsWith('rushes-transfer'))).toEqual([]);
  });

  it('is refused by its parameter patterns before any shell sees a hostile value', () => {
    expect(() =>
      ssmCommandText({ manifestUri: `s3://${DERIVED}/transfers/job-0001'; touch pwned; '/manifest.json`, jobId: 'job-document-0002' }),
    ).toThrow(/manifestUri/);
    expect(() =>
      ssmCommandText({ manifestUri: `s3://${DERIVED}/transfers/job-document-0002/manifest.json`, jobId: 'job-0002 $(reboot)' }),
    ).toThrow(/jobId/);
    expect(() =>
      ssmCommandText({ manifestUri: `s3://${MEDIA}/transfers/job-document-0002/manifest.json`, jobId: 'job-document-0002' }),
    ).toThrow(/manifestUri/);
  });
});
