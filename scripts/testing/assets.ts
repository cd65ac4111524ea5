// Test and bench support: catalog records of camera files, written straight to the catalog
// (no storage or ingest), with plausible technical metadata.
import { randomUUID } from 'node:crypto';
import type { Folder } from '@rushes/shared';
import type { CatalogAsset } from '../../lambdas/src/ports';
import { cameraTechnical } from './technical';

export { cameraTechnical };

export function makeAsset(folderPath: string, name: string, overrides: Partial<CatalogAsset> = {}): CatalogAsset {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: randomUUID(),
    key: folderPath + name,
    folderPath,
    name,
    size: 1_000_000,
    checksum: null,
    kind: 'video',
    status: 'ready',
    failureReason: null,
    locations: {},
    technical: cameraTechnical(),
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    createdBy: 'test@example.com',
    createdAt: at,
    modifiedAt: at,
    version: 1,
    trash: null,
    ...overrides,
  };
}

export function makeFolder(path: string, aclGroups: readonly string[]): Folder {
  const at = new Date().toISOString();
  const name = path.slice(0, -1).split('/').at(-1)!;
  return { path, name, aclGroups: ['admin', ...aclGroups], createdBy: 'test@example.com', createdAt: at, modifiedAt: at };
}
