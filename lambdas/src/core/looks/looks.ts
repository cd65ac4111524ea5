import { DomainError, type LookCdl, type Cube3D, type FolderLook, type FolderLookView, type SetFolderLookBody } from '@rushes/shared';
import type { Catalog, CatalogFolder, Clock, ObjectStore, Principal } from '../../ports';
import { Access } from '../access';
import type { AuditLog } from '../audit';
import { effectiveLook } from './effective';
import { bakedCube, lookFileKey, readCdl, readCube } from './lookFiles';
import type { LookRenderer } from './renders';

export interface LooksDeps {
  catalog: Catalog;
  /** The derived bucket: the looks' cubes live there, beside the proxies made with them. */
  derived: ObjectStore;
  clock: Clock;
  audit: AuditLog;
  /** Re-renders graded proxies after a change; absent where no transcoder runs in this process (the change still applies to new uploads). */
  renders?: LookRenderer;
}

const REFUSAL = 'Only admins and the media managers of this folder change its look.';

/**
 * A folder's look (LUT and/or CDL) and burn-ins. Anyone who may read the folder sees what
 * applies and where it comes from; whoever may write it (Access.mayWrite: admins, and media
 * managers who can read it) changes it, as they change what is in it. A change is audited
 * (`folder.look`) and re-renders the graded proxies below the folder.
 */
export class Looks {
  constructor(private readonly deps: LooksDeps) {}

  async view(principal: Principal, path: string): Promise<FolderLookView> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await this.readable(access, path);
    return this.viewOf(access, folder);
  }

  async set(principal: Principal, body: SetFolderLookBody & { path: string }): Promise<FolderLookView> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await this.writable(access, body.path);
    const before = folder.look ?? null;

    // Everything is read and checked before anything is stored: a bad file changes nothing.
    const cubeInput =
      body.cube === undefined
        ? undefined
        : body.cube === null
          ? null
          : { ...body.cube, parsed: readCube(body.cube.fileName, body.cube.text) };
    const cdl =
      body.cdl === undefined
        ? (before?.cdl ?? null)
        : body.cdl === null
          ? null
          : 'xml' in body.cdl
            ? { values: readCdl(body.cdl.fileName, body.cdl.xml), fileName: body.cdl.fileName }
            : { values: body.cdl as LookCdl, fileName: null };
    const burnIn = body.burnIn === undefined ? (before?.burnIn ?? null) : body.burnIn;

    let cube: FolderLook['cube'] = before?.cube ?? null;
    let cubeParsed: Cube3D | null = null;
    if (cubeInput === null) cube = null;
    else if (cubeInput) {
      const key = lookFileKey('source', cubeInput.text);
      await this.deps.derived.putText(key, cubeInput.text, 'text/plain; charset=utf-8');
      cube = { fileName: cubeInput.fileName, key, size: cubeInput.parsed.size };
      cubeParsed = cubeInput.parsed;
    } else if (cube) {
      cubeParsed = readCube(cube.fileName, await this.text(cube.key));
    }

    let bakedKey: string | null = null;
    if (cube || cdl) {
      const baked = bakedCube(cdl?.values ?? null, cubeParsed);
      bakedKey = lookFileKey('baked', baked);
      await this.deps.derived.putText(bakedKey, baked, 'text/plain; charset=utf-8');
    }
    const at = this.deps.clock.now().toISOString();
    const look: FolderLook | null = cube || cdl || burnIn ? { cube, cdl, bakedKey, burnIn, setBy: principal.email, setAt: at } : null;
    return this.store(principal, access, folder, look, 'set');
  }

  async clear(principal: Principal, path: string): Promise<FolderLookView> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await this.writable(access, path);
    return this.store(principal, access, folder, null, 'clear');
  }

  async cancelRender(principal: Principal, path: string): Promise<FolderLookView> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await this.writable(access, path);
    await this.deps.renders?.cancel(path);
    return this.viewOf(access, folder);
  }

  // --------------------------------------------------------------------------------------

  private async store(
    principal: Principal,
    access: Access,
    folder: CatalogFolder,
    look: FolderLook | null,
    change: 'set' | 'clear',
  ): Promise<FolderLookView> {
    const at = this.deps.clock.now().toISOString();
    const updated = await this.deps.catalog.updateFolder(folder.path, { look }, at);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'folder.look',
      target: folder.path,
      details: {
        change,
        cube: look?.cube?.fileName ?? null,
        cdl: look?.cdl ? JSON.stringify(look.cdl.values) : null,
        burnIn: look?.burnIn ? JSON.stringify(look.burnIn) : null,
      },
      address: principal.address,
    });
    await this.deps.renders?.start(folder.path);
    // A fresh Access: the one above has the folder as it was before the change.
    return this.viewOf(new Access(this.deps.catalog, access.principal), updated);
  }

  private async viewOf(access: Access, folder: CatalogFolder): Promise<FolderLookView> {
    return {
      path: folder.path,
      own: folder.look ?? null,
      effective: await effectiveLook(folder.path, (path) => access.folder(path)),
      canChange: access.mayWrite(folder),
      render: (await this.deps.renders?.progress(folder.path)) ?? null,
    };
  }

  private async readable(access: Access, path: string): Promise<CatalogFolder> {
    const folder = await access.readableFolder(path);
    if (!folder) throw new DomainError('NOT_FOUND', 'The library root has no look of its own.');
    return folder;
  }

  private async writable(access: Access, path: string): Promise<CatalogFolder> {
    const folder = await access.writableFolder(path, 'files', REFUSAL);
    if (!folder) throw new DomainError('NOT_FOUND', 'The library root has no look of its own.');
    return folder;
  }

  private async text(key: string): Promise<string> {
    const stream = await this.deps.derived.read(key);
    if (!stream) throw new Error(`The look file ${key} is missing from the derived bucket`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
}
