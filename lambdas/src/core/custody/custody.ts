import {
  DomainError,
  MHL_CHAIN_FILE_NAME,
  chainXml,
  custodySummary,
  verifyAgainst,
  writeGeneration,
  type AssetCustody,
  type CustodyEntry,
  type CustodyHashes,
  type MhlCreator,
  type MhlFile,
  type MhlFileCheck,
  type MhlHistory,
  type OffloadCheck,
  type RecordedGeneration,
} from '@rushes/shared';
import type { z } from 'zod';
import type { RecordUploadGenerationBodySchema } from '@rushes/shared';
import { Access } from '../access';
import type { AuditLog } from '../audit';
import { CatalogConflict, type Catalog, type Clock, type CustodyGeneration, type ObjectStore, type Principal } from '../../ports';
import { digests, historyPrefix, readArrivedHistory, readText, type ArrivedHistory } from './history';

type UploadGenerationInput = z.output<typeof RecordUploadGenerationBodySchema>;

/** How often a generation number is tried again when another upload took it first. */
const NUMBER_ATTEMPTS = 8;
export const RUSHES_TOOL_NAME = 'Rushes';

export interface CustodyDeps {
  catalog: Catalog;
  /** The media bucket, where each folder's `ascmhl/` history lives beside its files. */
  objects: ObjectStore;
  clock: Clock;
  audit: AuditLog;
}

/**
 * Chain of custody: a folder's ASC MHL generations (written into its `ascmhl/` in the media
 * bucket, numbered by the catalog) and each asset's hashes at every hop. The first upload of
 * a card that carries an offload tool's `ascmhl/` checks our hashes against it and continues
 * its chain.
 */
export class Custody {
  constructor(private readonly deps: CustodyDeps) {}

  async recordUpload(principal: Principal, input: UploadGenerationInput): Promise<RecordedGeneration> {
    const { rootPath } = input;
    const access = new Access(this.deps.catalog, principal);
    await access.writableFolder(rootPath, 'files', `You may not record custody in "${rootPath.slice(0, -1)}".`);
    // The MHL's own folder is never hashed into a generation (the ASC ignore pattern).
    const files = input.files.filter((file) => file.path.split('/')[0] !== 'ascmhl');
    await this.checkUploaded(rootPath, files);

    const now = this.deps.clock.now();
    const at = now.toISOString();
    const computed = files.map((file) => ({ path: file.path, hashes: mhlHashesOf(file.hashes) }));
    let arrived: ArrivedHistory | null = null;
    let offload: OffloadCheck = { status: 'none', tool: null, mismatches: [], unchecked: [], message: null };
    let offloadEntries: CustodyEntry[] = [];
    const generation = await this.appendGeneration({
      rootPath,
      at: now,
      hop: 'upload',
      by: principal.email,
      transferId: null,
      creator: {
        hostName: input.hostName,
        tool: { name: RUSHES_TOOL_NAME, version: input.toolVersion },
        authors: [{ name: principal.email, email: principal.email, role: 'uploader' }],
      },
      files: files.map((file) => ({
        path: file.path,
        size: file.size,
        lastModified: new Date(file.lastModified),
        hashes: mhlHashesOf(file.hashes),
        action: 'original',
      })),
      // A card's own history is read once: by the first upload that records anything for it.
      imports: async (existing) => {
        if (existing.length > 0) return [];
        if (arrived === null) {
          arrived = await readArrivedHistory(this.deps.objects, rootPath);
          ({ offload, entries: offloadEntries } = checkOffload(arrived, rootPath, files, computed, at));
        }
        return arrived.status === 'read' ? importedGenerations(arrived, rootPath) : [];
      },
      entries: (sequence, manifestName) => [
        ...offloadEntries,
        ...files.map((file): CustodyEntry => ({
          assetId: file.assetId,
          rootPath,
          path: file.path,
          sequence,
          manifestName,
          hop: 'upload',
          state: 'recorded',
          hashes: { ...file.hashes },
          expected: null,
          by: principal.email,
          detail: null,
          at,
        })),
      ],
      arrived: () => arrived,
    });
    await this.audit(principal, rootPath, generation.sequence, generation.manifestName, files.length, offload);
    await this.markMismatch(offloadEntries.filter((entry) => entry.state === 'mismatch').map((entry) => entry.assetId));
    return { rootPath, sequence: generation.sequence, manifestName: generation.manifestName, files: files.length, offload };
  }

  /**
   * Adds the next generation of a folder's MHL history: numbered from the catalog's history
   * (plus `imports`, a card's own generations recorded with it), written with `writeGeneration`,
   * recorded with its entries on condition that its number is still free (another writer
   * that took it first makes this one read the history again), then put in the bucket.
   */
  async appendGeneration(input: {
    rootPath: string;
    at: Date;
    hop: CustodyGeneration['hop'];
    by: string;
    transferId: string | null;
    creator: MhlCreator;
    files: MhlFile[];
    entries: (sequence: number, manifestName: string) => CustodyEntry[];
    imports?: (existing: readonly CustodyGeneration[]) => Promise<CustodyGeneration[]>;
    arrived?: () => ArrivedHistory | null;
  }): Promise<{ sequence: number; manifestName: string }> {
    const { rootPath } = input;
    for (let attempt = 1; ; attempt += 1) {
      const existing = await this.deps.catalog.listCustodyGenerations(rootPath);
      const imported = input.imports ? await input.imports(existing) : [];
      const history = [...existing, ...imported];
      const generation = writeGeneration({
        history:
          history.length > 0 ? { generations: history.map((g) => ({ sequence: g.sequence, path: g.manifestName, c4: g.c4 })) } : null,
        rootName: rootPath.slice(0, -1).split('/').pop()!,
        files: input.files,
        creator: input.creator,
        process: 'transfer',
        createdAt: input.at,
        digests,
      });
      const own = generation.chain.generations.at(-1)!;
      try {
        await this.deps.catalog.addCustodyGenerations(
          [
            ...imported,
            {
              rootPath,
              sequence: own.sequence,
              manifestName: own.path,
              c4: own.c4,
              hop: input.hop,
              by: input.by,
              createdAt: input.at.toISOString(),
              transferId: input.transferId,
            },
          ],
          input.entries(generation.sequence, generation.manifestName),
        );
      } catch (error) {
        if (error instanceof CatalogConflict && attempt < NUMBER_ATTEMPTS) continue;
        throw error;
      }
      await this.publish(rootPath, generation.manifestName, generation.manifestXml, input.arrived?.() ?? null);
      return { sequence: generation.sequence, manifestName: generation.manifestName };
    }
  }

  async assetCustody(principal: Principal, assetId: string): Promise<AssetCustody> {
    await new Access(this.deps.catalog, principal).readableAsset(assetId);
    const entries = await this.deps.catalog.listAssetCustody(assetId);
    return { assetId, summary: custodySummary(entries), entries };
  }

  /** The folder's `ascmhl/` as the bucket holds it: the chain first, then each generation. */
  async history(principal: Principal, rootPath: string): Promise<MhlHistory> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await access.readableFolder(rootPath);
    if (!access.mayReadRecord(folder)) throw new DomainError('NOT_FOUND', `Folder "${rootPath}" was not found.`);
    const prefix = historyPrefix(rootPath);
    const files: MhlHistory['files'] = [];
    for await (const object of this.deps.objects.list(prefix)) {
      const name = object.key.slice(prefix.length);
      if (name.includes('/') || !(name === MHL_CHAIN_FILE_NAME || name.endsWith('.mhl'))) continue;
      const text = await readText(this.deps.objects, object.key);
      if (text !== null) files.push({ name, text });
    }
    if (files.length === 0) throw new DomainError('NOT_FOUND', `"${rootPath.slice(0, -1)}" has no ASC MHL history yet.`);
    files.sort((a, b) => (a.name === MHL_CHAIN_FILE_NAME ? -1 : b.name === MHL_CHAIN_FILE_NAME ? 1 : a.name < b.name ? -1 : 1));
    await this.deps.audit.record({
      actor: principal.email,
      action: 'custody.export',
      target: rootPath,
      details: { files: files.length },
      address: principal.address,
    });
    return { rootPath, files };
  }

  /**
   * Puts the custody mark on assets whose hashes disagreed at some hop: the library badges
   * them, and the change feed carries it to every open listing. The mark is never taken off:
   * a later hop that matches does not undo an earlier one that did not.
   */
  async markMismatch(assetIds: readonly string[]): Promise<void> {
    for (const id of new Set(assetIds)) {
      for (let attempt = 1; ; attempt += 1) {
        const asset = await this.deps.catalog.getAsset(id);
        if (!asset || asset.custody === 'mismatch') break;
        try {
          await this.deps.catalog.updateAsset({
            ...asset,
            custody: 'mismatch',
            version: asset.version + 1,
            modifiedAt: this.deps.clock.now().toISOString(),
          });
          break;
        } catch (error) {
          // Ingest or an edit changed it meanwhile: read it again.
          if (error instanceof CatalogConflict && attempt < NUMBER_ATTEMPTS) continue;
          throw error;
        }
      }
    }
  }

  /** Every file must be an asset of this folder with the size the catalog recorded at upload. */
  private async checkUploaded(rootPath: string, files: UploadGenerationInput['files']): Promise<void> {
    const seen = new Set<string>();
    const assets = new Map((await this.deps.catalog.getAssets(files.map((file) => file.assetId))).map((asset) => [asset.id, asset]));
    for (const file of files) {
      if (seen.has(file.path)) throw new DomainError('VALIDATION_FAILED', `files: ${file.path} is listed twice`);
      seen.add(file.path);
      const asset = assets.get(file.assetId);
      if (!asset || asset.trash !== null || asset.key !== `${rootPath}${file.path}`) {
        throw new DomainError('VALIDATION_FAILED', `files: ${file.path} is not the asset ${file.assetId} in "${rootPath}"`);
      }
      if (asset.status === 'uploading' || asset.size !== file.size) {
        throw new DomainError('VALIDATION_FAILED', `files: ${file.path} has not finished uploading at ${file.size} bytes`);
      }
    }
  }

  /**
   * Writes the generation, then the chain as the catalog now lists it. Two uploads finishing
   * together may put their chains in either order, so whoever wrote last checks that no newer
   * generation was recorded meanwhile, and writes again if one was.
   */
  private async publish(rootPath: string, manifestName: string, manifestXml: string, arrived: ArrivedHistory | null): Promise<void> {
    const prefix = historyPrefix(rootPath);
    await this.deps.objects.putText(`${prefix}${manifestName}`, manifestXml, 'application/xml');
    const broken = arrived?.status === 'invalid' ? await this.deps.objects.head(`${prefix}${MHL_CHAIN_FILE_NAME}`) : null;
    // The card's own chain could not be read; it is kept beside ours, not overwritten.
    if (broken) await this.deps.objects.copy(broken.key, `${prefix}ascmhl_chain.unreadable.xml`, broken.size);
    let written = 0;
    for (;;) {
      const generations = await this.deps.catalog.listCustodyGenerations(rootPath);
      if (generations.length <= written) return;
      written = generations.length;
      const chain = { generations: generations.map((g) => ({ sequence: g.sequence, path: g.manifestName, c4: g.c4 })) };
      await this.deps.objects.putText(`${prefix}${MHL_CHAIN_FILE_NAME}`, chainXml(chain), 'application/xml');
    }
  }

  private async audit(
    principal: Principal,
    rootPath: string,
    sequence: number,
    manifestName: string,
    files: number,
    offload: OffloadCheck,
  ) {
    const { audit } = this.deps;
    await audit.record({
      actor: principal.email,
      action: 'custody.record',
      target: rootPath,
      details: { sequence, manifestName, files, offload: offload.status, offloadMessage: offload.message },
      address: principal.address,
    });
    for (const mismatch of offload.mismatches) {
      await audit.record({
        actor: principal.email,
        action: 'custody.mismatch',
        outcome: 'failed',
        target: `${rootPath}${mismatch.path}`,
        details: { hop: 'offload', tool: offload.tool, format: mismatch.format, expected: mismatch.expected, actual: mismatch.actual },
        address: principal.address,
      });
    }
  }
}

/** The card's own generations, recorded once so the chain Rushes writes goes on from them. */
function importedGenerations(arrived: Extract<ArrivedHistory, { status: 'read' }>, rootPath: string): CustodyGeneration[] {
  return arrived.chain.generations.map((entry, index) => ({
    rootPath,
    sequence: entry.sequence,
    manifestName: entry.path,
    c4: entry.c4,
    hop: 'offload',
    by: toolOf(arrived.generations[index]),
    createdAt: new Date(arrived.generations[index]!.createdAt).toISOString(),
    transferId: null,
  }));
}

function toolOf(generation: { tool: { name: string; version: string | null } } | undefined): string {
  if (!generation) return 'offload tool';
  return generation.tool.version ? `${generation.tool.name} ${generation.tool.version}` : generation.tool.name;
}

/**
 * Our hashes against the card's own MHL: for each uploaded file, the newest offload
 * generation that lists it decides. Files it does not list are reported, not failed.
 */
function checkOffload(
  arrived: ArrivedHistory,
  rootPath: string,
  files: UploadGenerationInput['files'],
  computed: { path: string; hashes: { xxh64: string; md5?: string } }[],
  at: string,
): { offload: OffloadCheck; entries: CustodyEntry[] } {
  if (arrived.status === 'none')
    return { offload: { status: 'none', tool: null, mismatches: [], unchecked: [], message: null }, entries: [] };
  if (arrived.status === 'invalid') {
    return {
      offload: {
        status: 'invalid',
        tool: null,
        mismatches: [],
        unchecked: [],
        message: `The card's ASC MHL could not be used: ${arrived.message}`,
      },
      entries: [],
    };
  }
  const decided = new Map<string, { check: MhlFileCheck; sequence: number; manifestName: string; tool: string; listed: CustodyHashes }>();
  arrived.generations.forEach((generation, index) => {
    const entry = arrived.chain.generations[index]!;
    const verification = verifyAgainst(generation, computed);
    for (const check of verification.files) {
      if (check.status === 'missing') continue;
      const listed: CustodyHashes = {};
      for (const hash of generation.files.find((file) => file.path === check.path)?.hashes ?? []) {
        if (hash.format === 'xxh64' || hash.format === 'md5' || hash.format === 'sha1') listed[hash.format] = hash.value.toLowerCase();
      }
      decided.set(check.path, { check, sequence: entry.sequence, manifestName: entry.path, tool: toolOf(generation), listed });
    }
  });
  const tool = arrived.generations.length > 0 ? toolOf(arrived.generations.at(-1)) : null;
  const mismatches: OffloadCheck['mismatches'] = [];
  const unchecked: string[] = [];
  const entries: CustodyEntry[] = [];
  for (const file of files) {
    const found = decided.get(file.path);
    if (!found || found.check.status === 'unverifiable') unchecked.push(file.path);
    if (!found) continue;
    const { check } = found;
    if (check.status === 'mismatched')
      mismatches.push({ path: file.path, format: check.format, expected: check.expected, actual: check.actual });
    entries.push({
      assetId: file.assetId,
      rootPath,
      path: file.path,
      sequence: found.sequence,
      manifestName: found.manifestName,
      hop: 'offload',
      state: check.status === 'mismatched' ? 'mismatch' : check.status === 'matched' ? 'matched' : 'unverifiable',
      hashes: found.listed,
      expected: check.status === 'mismatched' ? { format: check.format, value: check.expected } : null,
      by: found.tool,
      detail:
        check.status === 'mismatched'
          ? `${found.tool} recorded ${check.format} ${check.expected}; Rushes read ${check.actual}`
          : check.status === 'unverifiable'
            ? check.reason
            : null,
      at,
    });
  }
  const status = mismatches.length > 0 ? 'mismatch' : 'matched';
  const message =
    mismatches.length > 0
      ? `${mismatches.length} file(s) differ from the card's ASC MHL (${tool ?? 'offload tool'}): ${mismatches.map((m) => m.path).join(', ')}`
      : null;
  return { offload: { status, tool, mismatches, unchecked, message }, entries };
}

/** What an uploaded file's generation lists: xxh64, and MD5 when the desktop read it (a card whose own MHL lists MD5). */
function mhlHashesOf(hashes: CustodyHashes): { xxh64: string; md5?: string } {
  return { xxh64: hashes.xxh64!, ...(hashes.md5 ? { md5: hashes.md5 } : {}) };
}
