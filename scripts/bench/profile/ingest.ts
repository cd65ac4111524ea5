// Where the ingest benchmark's time goes: the bench's clip and folder look through the local
// pipeline once, step by step (storage event, catalog writes, ffprobe and ffmpeg over HTTP
// from the local S3 endpoint, each derivative stored), with the wall time of each step and
// the CPU time of each process (ffprobe and ffmpeg through /usr/bin/time; this process, which
// also runs the local S3 endpoint, through process.cpuUsage), then the bare commands on the
// file on disk the same way.
//   node --openssl-legacy-provider --import tsx scripts/bench/profile/ingest.ts [rounds]
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BURN_IN_SPEC, DERIVED_FILES, basename, formatCube } from '@rushes/shared';
import { FfmpegTranscoder, ffmpegArguments } from '../../../lambdas/src/adapters/ffmpeg/ffmpegTranscoder';
import { FfprobeMediaProbe } from '../../../lambdas/src/adapters/ffmpeg/ffprobe';
import { burnInTexts, type LookFiles } from '../../../lambdas/src/adapters/ffmpeg/lookFilters';
import { SOURCE_PROTOCOLS, decodableCodecs, findFfmpegTools } from '../../../lambdas/src/adapters/ffmpeg/tools';
import { s3FileFetch, s3FileStore } from '../../../lambdas/src/adapters/s3ObjectStore';
import { AuditLog } from '../../../lambdas/src/core/audit';
import { planDerivatives } from '../../../lambdas/src/core/derivativePlan';
import { Ingest } from '../../../lambdas/src/core/ingest';
import { effectiveLook } from '../../../lambdas/src/core/looks/effective';
import { Looks } from '../../../lambdas/src/core/looks/looks';
import { createLocalObjectStore, createLocalS3Client } from '../../../lambdas/src/local/s3Client';
import { systemClock, type Catalog } from '../../../lambdas/src/ports';
import { startTestStack, tempDataDir } from '../../testing/localStack';
import { fixture } from '../../testing/mediaFixtures';
import { run } from '../lib/child';
import { showLut } from '../lib/showLut';

const ROUNDS = Number(process.argv[2] ?? 1);
const FOLDER = 'Profile/Day 1/';

type Step = { name: string; wallS: number; nodeCpuS: number };
const steps: Step[] = [];

/** Times one step: wall clock and this process's CPU (user + system). */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    return await work();
  } finally {
    const used = process.cpuUsage(cpu);
    steps.push({ name, wallS: (performance.now() - started) / 1000, nodeCpuS: (used.user + used.system) / 1e6 });
  }
}

const tools = findFfmpegTools();
if (!tools) throw new Error('no ffmpeg found');
const clip = await fixture('bench-60s.mov');
const body = await readFile(clip);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'rushes-profile-ingest-'));
// Each ffmpeg and ffprobe run appends "name wall user system" to one file.
const cpuLog = path.join(scratch, 'cpu.log');
const timed = async (name: string, program: string) => {
  const wrapper = path.join(scratch, name);
  await writeFile(wrapper, `#!/bin/sh\nexec /usr/bin/time -a -o ${cpuLog} -f "${name} %e %U %S" ${program} "$@"\n`);
  await chmod(wrapper, 0o755);
  return wrapper;
};
const ffmpeg = await timed('ffmpeg', tools.ffmpeg);
const ffprobe = await timed('ffprobe', tools.ffprobe);
const processCpu = async () => {
  const lines = (await readFile(cpuLog, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
  await writeFile(cpuLog, '');
  return lines.map((line) => {
    const [name, wall, user, system] = line.split(' ');
    return `${name}: wall ${wall} s, CPU ${(Number(user) + Number(system)).toFixed(2)} s (user ${user}, sys ${system})`;
  });
};

const data = await tempDataDir('rushes-profile-');
const stack = await startTestStack({ dataDir: data.dir, ingest: false });
const s3 = createLocalS3Client(stack.profile.s3.endpoint!);
try {
  const catalog: Catalog = stack.catalog;
  const at = new Date().toISOString();
  for (const folder of ['Profile/', FOLDER]) {
    await catalog.createFolder({
      path: folder,
      name: folder.split('/').at(-2)!,
      aclGroups: ['admin'],
      createdBy: 'profile',
      createdAt: at,
      modifiedAt: at,
    });
  }
  const derived = createLocalObjectStore(s3, stack.profile.s3.derivedBucket);
  const media = createLocalObjectStore(s3, stack.profile.s3.mediaBucket);
  await new Looks({ catalog, derived, clock: systemClock, audit: new AuditLog({ catalog, clock: systemClock }) }).set(
    { email: 'profile@example.com', groups: ['admin'], userId: 'profile' },
    {
      path: FOLDER,
      cube: { fileName: 'show.cube', text: formatCube(showLut('profile show LUT')) },
      cdl: { slope: [1.05, 1, 0.95], offset: [0.01, 0, -0.01], power: [1, 1, 1], saturation: 0.9 },
      burnIn: { timecode: true, clipName: true, watermark: { text: 'PROFILE — NOT FOR DISTRIBUTION', position: 'top-centre' } },
    },
  );
  const decodable = await decodableCodecs(tools.ffmpeg);
  const sourceUrl = (key: string) => media.presignGet(key, { expiresInSeconds: 3600, downloadName: basename(key) });
  const store = s3FileStore(s3, stack.profile.s3.derivedBucket);
  const fetchDerived = s3FileFetch(s3, stack.profile.s3.derivedBucket);
  const ingest = new Ingest({
    catalog,
    objects: media,
    clock: systemClock,
    probe: {
      probe: (key, signal) => step('ffprobe over HTTP', () => new FfprobeMediaProbe({ ffprobe, decodable, sourceUrl }).probe(key, signal)),
    },
    transcoder: new FfmpegTranscoder({
      ffmpeg,
      sourceUrl,
      workDir: path.join(scratch, 'work'),
      store: (key, file, type) => step(`store ${path.basename(file)}`, () => store(key, file, type)),
      fetchDerived: (key, file) => step('fetch baked cube', () => fetchDerived(key, file)),
      fontFile: BURN_IN_SPEC.fontFile,
    }),
  });
  const look = await effectiveLook(FOLDER, (p) => catalog.getFolder(p));
  const cube = path.join(scratch, 'look.cube');
  await fetchDerived(look.colour!.bakedKey, cube);
  const lookFiles: LookFiles = { cube, font: BURN_IN_SPEC.fontFile, text: (name) => path.join(scratch, `${name}.txt`) };

  for (let round = 1; round <= ROUNDS; round += 1) {
    steps.length = 0;
    const key = `${FOLDER}A001_C00${round}_60s.mov`;
    await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: body }));
    const total = performance.now();
    const id = await step('storage event to catalog record', async () => {
      for (;;) {
        const asset = await catalog.getAssetByKey(key);
        if (asset) return asset.id;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    await step('objectCreated (processing)', () => ingest.objectCreated(key));
    const outcome = await step('process (all of it)', () => ingest.process(id));
    const totalS = (performance.now() - total) / 1000;
    console.log(`round ${round}: ${outcome.status} in ${totalS.toFixed(2)} s`);
    for (const s of steps) console.log(`  ${s.name.padEnd(36)} ${s.wallS.toFixed(3)} s wall, node CPU ${s.nodeCpuS.toFixed(2)} s`);
    for (const line of await processCpu()) console.log(`  ${line}`);

    const bare = performance.now();
    const probeArgs = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-protocol_whitelist', 'file', clip];
    const probed = JSON.parse(await run(ffprobe, probeArgs));
    const { parseFfprobe } = await import('../../../lambdas/src/adapters/ffmpeg/ffprobe');
    const plan = planDerivatives({ id, name: path.basename(key) }, 'video', parseFfprobe(probed, decodable), look);
    if ('failure' in plan || plan.kind !== 'video' || !plan.graded) throw new Error('no graded plan');
    for (const { name, text } of burnInTexts(plan.graded.burnIn)) await writeFile(lookFiles.text(name), text, 'utf8');
    const output = (file: keyof typeof DERIVED_FILES, graded?: boolean) =>
      path.join(scratch, `${graded ? 'graded-' : ''}${DERIVED_FILES[file].name}`);
    await run(
      ffmpeg,
      ffmpegArguments(plan, clip, output, lookFiles).map((arg) => (arg === SOURCE_PROTOCOLS ? 'file' : arg)),
    );
    console.log(`bare ${round}: ${((performance.now() - bare) / 1000).toFixed(2)} s`);
    for (const line of await processCpu()) console.log(`  ${line}`);
  }
} finally {
  s3.destroy();
  await stack.stop();
  await data.remove();
  await rm(scratch, { recursive: true, force: true });
}
