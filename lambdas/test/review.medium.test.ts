import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView, AuditEvent, Note } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The review loop through the real local API (cognito-local tokens, SQLite, s3rver): notes
// with drawings and replies, who may change what, the audit trail, the change feed, takes.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'dit@example.com', groups: ['media-managers', 'show-a'] },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  colleague: { email: 'ann@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'other@example.com', groups: ['editors', 'show-b'] },
} as const;
type Person = keyof typeof people;

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];
let clip: string;
let other: string;

async function put(key: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
  await stack.storage.idle();
  return (await stack.catalog.getAssetByKey(key))!.id;
}

async function review(id: string): Promise<AssetView['review']> {
  const answer = await call<AssetView>('admin', 'assetDetail', { query: { id } });
  return answer.body.review;
}

async function events(action: AuditEvent['action']): Promise<AuditEvent[]> {
  return (await stack.catalog.listAudit({ limit: 100, cursor: null, action })).items;
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  for (const [name, group] of [
    ['Show A', 'show-a'],
    ['Show B', 'show-b'],
  ] as const) {
    expect((await call('admin', 'createFolder', { body: { parentPath: '', name } })).status).toBe(200);
    expect((await call('admin', 'setFolderAcl', { body: { path: `${name}/`, groups: [group] } })).status).toBe(200);
  }
  clip = await put('Show A/A001C003.mov');
  other = await put('Show A/A001C004.mov');
}, heavyTimeout(120_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('notes at a frame', () => {
  let thread: Note;
  let reply: Note;

  it('lets an editor add a note with a drawing, and the change feed carries the asset', async () => {
    const { body: feed } = await call<{ latest: number }>('editor', 'changes', {});
    const added = await call<Note>('editor', 'addNote', {
      body: {
        assetId: clip,
        text: '  Soft focus on the pull  ',
        frame: 48,
        outFrame: 72,
        drawing: [
          {
            kind: 'pen',
            colour: '#ff3b30',
            points: [
              [0.123456, 0.5],
              [0.2, 0.55],
              [0.3, 0.5],
            ],
          },
          { kind: 'arrow', colour: '#ffcc00', from: [0.9, 0.1], to: [0.6, 0.4] },
        ],
      },
    });
    expect(added.status).toBe(200);
    thread = added.body;
    expect(thread).toMatchObject({ assetId: clip, parentId: null, author: people.editor.email, text: 'Soft focus on the pull' });
    expect(thread.drawing[0]).toEqual({
      kind: 'pen',
      colour: '#ff3b30',
      points: [
        [0.1235, 0.5],
        [0.2, 0.55],
        [0.3, 0.5],
      ],
    });
    expect(await review(clip)).toMatchObject({ noteCount: 1, openNoteCount: 1 });

    const changes = await call<{ changes: { kind: string; target: string }[] }>('colleague', 'changes', { query: { since: feed.latest } });
    expect(changes.body.changes).toContainEqual(expect.objectContaining({ kind: 'asset.put', target: clip }));
    // Someone who may not read the folder hears nothing of it.
    const hidden = await call<{ changes: { target: string }[] }>('outsider', 'changes', { query: { since: feed.latest } });
    expect(hidden.body.changes.map((change) => change.target)).not.toContain(clip);
  });

  it('lets another reader reply at the thread’s frame, one level deep', async () => {
    const answered = await call<Note>('colleague', 'addNote', {
      body: { assetId: clip, parentId: thread.id, text: 'Agreed, retake', frame: 999 },
    });
    expect(answered.status).toBe(200);
    reply = answered.body;
    expect(reply).toMatchObject({ parentId: thread.id, frame: 48, outFrame: 72, author: people.colleague.email });
    const deeper = await call<ErrorAnswer>('editor', 'addNote', { body: { assetId: clip, parentId: reply.id, text: 'No', frame: 48 } });
    expect(deeper.status).toBe(400);
    expect(deeper.body.error.field).toBe('parentId');
    const elsewhere = await call<ErrorAnswer>('editor', 'addNote', { body: { assetId: other, parentId: thread.id, text: 'No', frame: 1 } });
    expect(elsewhere.status).toBe(404);
    const listed = await call<{ notes: Note[] }>('colleague', 'listNotes', { query: { assetId: clip } });
    expect(listed.body.notes.map((note) => note.id)).toEqual([thread.id, reply.id]);
    expect(await review(clip)).toMatchObject({ noteCount: 2, openNoteCount: 1 });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    for (const [body, field] of [
      [{ assetId: clip, text: '   ', frame: 1 }, 'body.text'],
      [{ assetId: clip, text: 'x', frame: 10, outFrame: 5 }, 'body.outFrame'],
      [{ assetId: clip, text: 'x', frame: -1 }, 'body.frame'],
      [
        { assetId: clip, text: 'x', frame: 1, drawing: [{ kind: 'rect', colour: 'red', from: [0, 0], to: [1, 1] }] },
        'body.drawing.0.colour',
      ],
      [
        { assetId: clip, text: 'x', frame: 1, drawing: [{ kind: 'arrow', colour: '#ffffff', from: [0, 0], to: [1.5, 1] }] },
        'body.drawing.0.to.0',
      ],
    ] as const) {
      const answer = await call<ErrorAnswer>('editor', 'addNote', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    expect(await review(clip)).toMatchObject({ noteCount: 2 });
  });

  it('lets the author resolve, any reader reopen, only the author edit, and refuses a stale version', async () => {
    const resolved = await call<Note>('editor', 'editNote', { body: { id: thread.id, version: thread.version, resolved: true } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ resolved: true, resolvedBy: people.editor.email, version: 2 });
    expect(await review(clip)).toMatchObject({ noteCount: 2, openNoteCount: 0 });

    const stale = await call<ErrorAnswer>('colleague', 'editNote', { body: { id: thread.id, version: 1, resolved: false } });
    expect(stale.status).toBe(409);
    const reopened = await call<Note>('colleague', 'editNote', { body: { id: thread.id, version: 2, resolved: false } });
    expect(reopened.body).toMatchObject({ resolved: false, resolvedBy: null, version: 3 });

    const notAuthor = await call<ErrorAnswer>('colleague', 'editNote', { body: { id: thread.id, version: 3, text: 'Fine by me' } });
    expect(notAuthor.status).toBe(403);
    const replyResolve = await call<ErrorAnswer>('colleague', 'editNote', { body: { id: reply.id, version: 1, resolved: true } });
    expect(replyResolve.status).toBe(400);
    const edited = await call<Note>('editor', 'editNote', { body: { id: thread.id, version: 3, text: 'Soft focus at 01:00:02:00' } });
    expect(edited.body).toMatchObject({ text: 'Soft focus at 01:00:02:00', version: 4 });
    expect(edited.body.editedAt).not.toBeNull();
    thread = edited.body;
  });

  it('hides every note of a folder from who may not read it, exactly like a missing note', async () => {
    const missing = { id: 'note-nosuchnote00', version: 1 };
    const asked = [
      await call<ErrorAnswer>('outsider', 'listNotes', { query: { assetId: clip } }),
      await call<ErrorAnswer>('outsider', 'addNote', { body: { assetId: clip, text: 'Hello', frame: 1 } }),
      await call<ErrorAnswer>('outsider', 'notesBatch', { body: { assetIds: [clip, other] } }),
    ];
    expect(asked.map((answer) => answer.status)).toEqual([404, 404, 404]);
    const real = await call<ErrorAnswer>('outsider', 'editNote', { body: { id: thread.id, version: thread.version, resolved: true } });
    const fake = await call<ErrorAnswer>('outsider', 'editNote', { body: { ...missing, resolved: true } });
    expect(real.status).toBe(404);
    expect(real.body.error.message).toBe(fake.body.error.message);
    const realDelete = await call<ErrorAnswer>('outsider', 'deleteNote', { body: { id: thread.id, version: thread.version } });
    const fakeDelete = await call<ErrorAnswer>('outsider', 'deleteNote', { body: missing });
    expect([realDelete.status, realDelete.body.error.message]).toEqual([404, fakeDelete.body.error.message]);
    // Nor do its counts: the asset itself is not theirs to see.
    const assets = await call<{ assets: AssetView[] }>('outsider', 'assetBatch', { body: { ids: [clip, other] } });
    expect([assets.status, assets.body.assets]).toEqual([200, []]);
    const batch = await call<{ notes: Note[] }>('colleague', 'notesBatch', { body: { assetIds: [clip, other, 'nosuchasset0'] } });
    expect(batch.body.notes.map((note) => note.id)).toEqual([thread.id, reply.id]);
    expect(await review(clip)).toMatchObject({ noteCount: 2, openNoteCount: 1 });
  });

  it('lets an admin delete a thread with its replies, but not another reader', async () => {
    expect((await call('colleague', 'deleteNote', { body: { id: thread.id, version: thread.version } })).status).toBe(403);
    expect((await call('admin', 'deleteNote', { body: { id: thread.id, version: thread.version } })).status).toBe(200);
    expect((await call<{ notes: Note[] }>('editor', 'listNotes', { query: { assetId: clip } })).body.notes).toEqual([]);
    expect(await review(clip)).toMatchObject({ noteCount: 0, openNoteCount: 0 });
  });

  it('keeps every change in the audit log, with who, where from and what', async () => {
    const added = await events('note.add');
    expect(added.map((event) => event.actor).sort()).toEqual([people.colleague.email, people.editor.email]);
    expect(added.every((event) => event.target === 'Show A/A001C003.mov' && event.address !== null)).toBe(true);
    expect((await events('note.resolve')).map((event) => event.actor)).toEqual([people.editor.email]);
    expect((await events('note.reopen')).map((event) => event.actor)).toEqual([people.colleague.email]);
    const edits = await events('note.edit');
    expect(edits.find((event) => event.outcome === 'succeeded')?.details).toMatchObject({
      before: 'Soft focus on the pull',
      after: 'Soft focus at 01:00:02:00',
    });
    expect(edits.find((event) => event.outcome === 'denied')?.actor).toBe(people.colleague.email);
    const deleted = (await events('note.delete')).find((event) => event.outcome === 'succeeded');
    expect(deleted).toMatchObject({ actor: people.admin.email, details: { replies: 1, author: people.editor.email } });
  });
});

describe('takes', () => {
  it('lets who may change the folder circle, rate and approve several takes at once, all or nothing', async () => {
    const marked = await call<{ assets: AssetView[] }>('manager', 'setTakes', {
      body: {
        changes: [
          { id: clip, circled: true, rating: 4 },
          { id: other, status: 'needs review' },
        ],
      },
    });
    expect(marked.status).toBe(200);
    const byId = new Map(marked.body.assets.map((asset) => [asset.id, asset.review]));
    expect(byId.get(clip)).toMatchObject({ circled: true, rating: 4, status: 'none', setBy: people.manager.email });
    expect(byId.get(other)).toMatchObject({ circled: false, rating: 0, status: 'needs review' });

    expect((await call('editor', 'setTakes', { body: { changes: [{ id: clip, circled: false }] } })).status).toBe(403);
    const secret = await put('Show B/B001.mov');
    expect(
      (
        await call('manager', 'setTakes', {
          body: {
            changes: [
              { id: clip, rating: 1 },
              { id: secret, rating: 1 },
            ],
          },
        })
      ).status,
    ).toBe(404);
    const twice = await call<ErrorAnswer>('manager', 'setTakes', {
      body: {
        changes: [
          { id: clip, rating: 1 },
          { id: clip, rating: 2 },
        ],
      },
    });
    expect([twice.status, twice.body.error.field]).toEqual([400, 'changes']);
    expect(await review(clip)).toMatchObject({ circled: true, rating: 4 });

    const taken = (await events('take.set')).filter((event) => event.outcome === 'succeeded');
    expect(taken.find((event) => event.details['assetId'] === clip)?.details).toMatchObject({ circled: 'no → yes', rating: '0 → 4' });
    expect(taken.find((event) => event.details['assetId'] === other)?.details).toMatchObject({ status: 'none → needs review' });
  });
});
