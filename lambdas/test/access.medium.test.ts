import { describe, expect, it } from 'vitest';
import { DomainError, type OperationResult } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { AuditLog } from '../src/core/audit';
import { FolderAccess } from '../src/core/folderAccess';
import { Library } from '../src/core/library';
import { newAssetRecord } from '../src/core/records';
import type { Catalog, ObjectStore, Principal } from '../src/ports';

/**
 * Who may do what to a folder in each state, through the use cases over a real (in-memory)
 * SQLite catalog. The states: a live folder, a trashed folder, a live folder below a trashed
 * one, and the root. The rule under test: below a trashed folder is trashed, missing to every
 * operation but restore and purge; the root's files are the admins', its top level is for
 * admins and media managers too.
 */

const PEOPLE = {
  admin: { userId: 'u-admin', email: 'admin@example.com', groups: ['admin'] },
  manager: { userId: 'u-dit', email: 'dit@example.com', groups: ['media-managers', 'show-a'] },
  editor: { userId: 'u-ed', email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { userId: 'u-other', email: 'other@example.com', groups: ['media-managers', 'show-b'] },
} as const satisfies Record<string, Principal>;
type Person = keyof typeof PEOPLE;

const STATES = {
  live: 'Show A/Day 1/',
  trashed: 'Show A/Gone/',
  'under trashed parent': 'Show A/Gone/Day 2/',
  root: '',
} as const;
type State = keyof typeof STATES;

type Outcome = 'allowed' | 403 | 404;
/** Per state, what each person gets; a state left out does not apply to the operation. */
type Expectations = Partial<Record<State, Record<Person, Outcome>>>;

const ALL: Record<Person, Outcome> = { admin: 'allowed', manager: 'allowed', editor: 'allowed', outsider: 'allowed' };
const READERS: Record<Person, Outcome> = { admin: 'allowed', manager: 'allowed', editor: 'allowed', outsider: 404 };
const WRITERS: Record<Person, Outcome> = { admin: 'allowed', manager: 'allowed', editor: 403, outsider: 404 };
const ADMINS: Record<Person, Outcome> = { admin: 'allowed', manager: 404, editor: 404, outsider: 404 };
const ACL_EDITORS: Record<Person, Outcome> = { admin: 'allowed', manager: 403, editor: 403, outsider: 404 };
const PURGERS: Record<Person, Outcome> = { admin: 'allowed', manager: 403, editor: 403, outsider: 403 };
const MISSING: Record<Person, Outcome> = { admin: 404, manager: 404, editor: 404, outsider: 404 };

interface World {
  catalog: Catalog;
  library: Library;
  folderAccess: FolderAccess;
  /** In each state's folder: a live file and one in the trash. */
  files: Record<State, { live: string; trashed: string }>;
}

type Operation = (world: World, who: Principal, state: State) => Promise<unknown>;

const OPERATIONS: Record<string, { run: Operation; expect: Expectations }> = {
  'read a file': {
    run: (w, who, state) => w.library.browse.assetDetail(who, w.files[state].live),
    expect: { live: READERS, trashed: MISSING, 'under trashed parent': MISSING, root: ADMINS },
  },
  'list the folder': {
    run: (w, who, state) => w.library.browse.listChildren(who, { path: STATES[state], sort: 'name', direction: 'asc', limit: 10 }),
    expect: { live: READERS, trashed: MISSING, 'under trashed parent': MISSING, root: ALL },
  },
  'write a file': {
    run: (w, who, state) => w.library.organise.annotateAsset(who, w.files[state].live, 1, ['circled'], ''),
    expect: { live: WRITERS, trashed: MISSING, 'under trashed parent': MISSING, root: ADMINS },
  },
  'create a folder in it': {
    run: (w, who, state) => w.library.organise.createFolder(who, STATES[state], 'New'),
    expect: {
      live: WRITERS,
      trashed: MISSING,
      'under trashed parent': MISSING,
      root: { admin: 'allowed', manager: 'allowed', editor: 403, outsider: 'allowed' },
    },
  },
  'follow its files in the feed': {
    run: (w, who, state) => followed(w, who, (change) => change.kind === 'asset.put' && change.target === w.files[state].live),
    expect: { live: READERS, trashed: MISSING, 'under trashed parent': MISSING, root: ADMINS },
  },
  'follow the folder itself in the feed': {
    run: (w, who, state) => followed(w, who, (change) => change.kind === 'folder.put' && change.target === STATES[state]),
    // A folder's own trash mark must reach its readers, so they drop it from their listing.
    expect: { live: READERS, trashed: READERS, 'under trashed parent': MISSING },
  },
  'edit its ACL': {
    run: (w, who, state) => w.folderAccess.get(who, STATES[state]),
    expect: { live: ACL_EDITORS, trashed: MISSING, 'under trashed parent': MISSING, root: MISSING },
  },
  'restore a file from the trash': {
    run: (w, who, state) => itemOutcome(w.library.trash.restore(who, [w.files[state].trashed], [])),
    expect: { live: WRITERS, trashed: WRITERS, 'under trashed parent': WRITERS, root: ADMINS },
  },
  'purge a file': {
    run: (w, who, state) => itemOutcome(w.library.trash.purge(who, [w.files[state].trashed], [])),
    expect: { live: PURGERS, trashed: PURGERS, 'under trashed parent': PURGERS, root: PURGERS },
  },
};

const ROWS = Object.entries(OPERATIONS).flatMap(([operation, { run, expect: expected }]) =>
  Object.entries(expected).flatMap(([state, outcomes]) =>
    Object.entries(outcomes).map(([who, outcome]) => ({ operation, state: state as State, who: who as Person, outcome, run })),
  ),
);

describe('access to a folder, by its state', () => {
  it.each(ROWS)('$who: $operation, $state → $outcome', async ({ state, who, outcome, run }) => {
    const world = await buildWorld();
    try {
      expect(await outcomeOf(() => run(world, PEOPLE[who], state))).toBe(outcome);
    } finally {
      await world.catalog.close();
    }
  });
});

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return 'allowed';
  } catch (error) {
    const code = error instanceof DomainError || error instanceof ItemFailed ? error.code : null;
    if (code === 'NOT_FOUND') return 404;
    if (code === 'FORBIDDEN') return 403;
    throw error;
  }
}

/** The one item of a batch answer failed with this code. */
class ItemFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function itemOutcome(answer: Promise<OperationResult>): Promise<void> {
  const { done, failed } = await answer;
  const [first] = failed;
  if (first) throw new ItemFailed(first.code, first.message);
  expect(done).toHaveLength(1);
}

/** Whether the caller's feed shows a change; a hidden one is as missing as a 404. */
async function followed(world: World, who: Principal, wanted: (change: { kind: string; target: string }) => boolean): Promise<void> {
  const { changes } = await world.library.browse.changes(who, 0, 1_000);
  if (!changes.some(wanted)) throw new DomainError('NOT_FOUND', 'not in the feed');
}

const NOW = '2026-03-01T09:00:00.000Z';

async function buildWorld(): Promise<World> {
  const clock = { now: () => new Date(NOW) };
  const catalog = new SqliteCatalog(':memory:', { clock });
  const audit = new AuditLog({ catalog, clock });
  const objects = objectStore('media');
  const derived = objectStore('derived');
  const library = new Library({ catalog, objects, derived, clock, audit });
  const folderAccess = new FolderAccess({ catalog, clock, audit, directory: { listGroups: async () => [] } });
  const folder = (path: string, acl: string[]) =>
    catalog.createFolder({
      path,
      name: path.split('/').at(-2)!,
      aclGroups: acl,
      createdBy: 'admin@example.com',
      createdAt: NOW,
      modifiedAt: NOW,
    });
  await folder('Show A/', ['admin', 'show-a']);
  await folder('Show A/Day 1/', ['admin', 'show-a']);
  await folder('Show A/Gone/', ['admin', 'show-a']);
  await folder('Show A/Gone/Day 2/', ['admin', 'show-a']);
  const files = {} as World['files'];
  for (const [state, path] of Object.entries(STATES) as [State, string][]) {
    const live = await catalog.createAsset(
      newAssetRecord({ key: `${path}clip.mov`, size: 6, status: 'ready', createdBy: 'x', createdAt: NOW }),
    );
    const trashed = await catalog.createAsset({
      ...newAssetRecord({ key: `${path}old.mov`, size: 6, status: 'ready', createdBy: 'x', createdAt: NOW }),
      trash: { trashedAt: NOW, trashedBy: 'admin@example.com' },
    });
    files[state] = { live: live.id, trashed: trashed.id };
  }
  await catalog.updateFolder('Show A/Gone/', { trash: { trashedAt: NOW, trashedBy: 'admin@example.com' } }, NOW);
  return { catalog, library, folderAccess, files };
}

/** Storage that holds nothing: these operations only delete from it or sign URLs for it. */
function objectStore(bucket: string): ObjectStore {
  return {
    bucket,
    head: async () => null,
    copy: async () => undefined,
    delete: async () => undefined,
    list: async function* () {},
    read: async () => null,
    putText: async () => undefined,
    presignGet: async (key) => `https://${bucket}.example/${encodeURIComponent(key)}`,
  };
}
