import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Folder permissions through the real local API and the real directory (cognito-local):
// an admin restricts a show to its crew; the crew sees it, nobody else does, and only the
// admin may read or change who sees it.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'dit@example.com', groups: ['media-managers', 'show-a'] },
  crew: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'other@example.com', groups: ['editors', 'show-b'] },
} as const;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let call: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>['call'];

async function sees(who: keyof typeof people, path: string): Promise<boolean> {
  const answer = await call(who, 'listChildren', { query: { path } });
  return answer.status === 200;
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  for (const [parentPath, name] of [
    ['', 'Show A'],
    ['Show A/', 'Day 1'],
    ['Show A/Day 1/', 'Card A'],
    ['Show A/', 'Day 2'],
  ] as const) {
    expect((await call('admin', 'createFolder', { body: { parentPath, name } })).status).toBe(200);
  }
}, heavyTimeout(120_000));

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

describe('folder permissions', () => {
  it('shows an admin the ACL, every directory group with admin locked first, and the subfolder count', async () => {
    const answer = await call<{ aclGroups: string[]; groups: { name: string; locked: boolean }[]; subfolders: number }>(
      'admin',
      'folderAcl',
      {
        query: { path: 'Show A/' },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.aclGroups).toEqual(['admin']);
    expect(answer.body.groups.map((group) => group.name)).toEqual(['admin', 'editors', 'media-managers', 'show-a', 'show-b']);
    expect(answer.body.groups.filter((group) => group.locked).map((group) => group.name)).toEqual(['admin']);
    expect(answer.body.subfolders).toBe(3);
  });

  it('restricts a show to its crew, with subfolders, and keeps admin on it whatever is sent', async () => {
    expect(await sees('crew', 'Show A/')).toBe(false);
    const answer = await call('admin', 'setFolderAcl', { body: { path: 'Show A/', groups: ['show-a'], applyToSubfolders: true } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ path: 'Show A/', aclGroups: ['admin', 'show-a'], updatedFolders: 4 });
    for (const path of ['Show A/', 'Show A/Day 1/', 'Show A/Day 1/Card A/', 'Show A/Day 2/']) {
      expect(await sees('crew', path)).toBe(true);
      expect(await sees('outsider', path)).toBe(false);
    }
    const audit = await stack.catalog.listAudit({ limit: 50, cursor: null, action: 'folder.acl' });
    const aclEvents = audit.items.filter((event) => event.action === 'folder.acl');
    expect(aclEvents).toHaveLength(4);
    expect(aclEvents.find((event) => event.target === 'Show A/')).toMatchObject({
      actor: 'admin@example.com',
      outcome: 'succeeded',
      details: { before: 'admin', after: 'admin,show-a', viaParent: false },
    });
  });

  it('changes only the folder itself unless asked, and counts what changed', async () => {
    const answer = await call('admin', 'setFolderAcl', { body: { path: 'Show A/Day 2/', groups: ['show-a', 'show-b'] } });
    expect(answer.body).toEqual({ path: 'Show A/Day 2/', aclGroups: ['admin', 'show-a', 'show-b'], updatedFolders: 1 });
    expect(await sees('outsider', 'Show A/Day 2/')).toBe(true);
    expect(await sees('outsider', 'Show A/Day 1/')).toBe(false);
    const again = await call('admin', 'setFolderAcl', { body: { path: 'Show A/Day 2/', groups: ['show-b', 'show-a', 'admin'] } });
    expect(again.body).toMatchObject({ updatedFolders: 0 });
  });

  it('refuses a group the directory does not have, naming it, and changes nothing', async () => {
    const answer = await call<{ error: { code: string; field: string; message: string } }>('admin', 'setFolderAcl', {
      body: { path: 'Show A/Day 1/', groups: ['show-a', 'shwo-b'], applyToSubfolders: true },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'groups', message: 'There is no group named "shwo-b".' });
    expect((await call<{ aclGroups: string[] }>('admin', 'folderAcl', { query: { path: 'Show A/Day 1/' } })).body.aclGroups).toEqual([
      'admin',
      'show-a',
    ]);
  });

  it('refuses the root and malformed input with the field named', async () => {
    const root = await call<{ error: { field: string } }>('admin', 'folderAcl', { query: { path: '' } });
    expect(root.status).toBe(400);
    expect(root.body.error.field).toBe('query.path');
    const extra = await call<{ error: { code: string } }>('admin', 'setFolderAcl', {
      body: { path: 'Show A/', groups: ['show-a'], owner: 'me' },
    });
    expect(extra.status).toBe(400);
    const notList = await call<{ error: { field: string } }>('admin', 'setFolderAcl', { body: { path: 'Show A/', groups: 'show-a' } });
    expect(notList.status).toBe(400);
    expect(notList.body.error.field).toBe('body.groups');
  });

  it('lets only admins read or change permissions; a folder others cannot see is 404 like a missing one', async () => {
    for (const who of ['manager', 'crew'] as const) {
      expect((await call(who, 'folderAcl', { query: { path: 'Show A/' } })).status).toBe(403);
      expect((await call(who, 'setFolderAcl', { body: { path: 'Show A/', groups: ['editors'] } })).status).toBe(403);
    }
    const hidden = await call('outsider', 'setFolderAcl', { body: { path: 'Show A/Day 1/', groups: ['show-b'] } });
    const missing = await call('outsider', 'setFolderAcl', { body: { path: 'Show Z/', groups: ['show-b'] } });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((hidden.body as { error: { message: string } }).error.message).toBe('Folder "Show A/Day 1/" was not found.');
    expect(await sees('outsider', 'Show A/Day 1/')).toBe(false);
  });
});
