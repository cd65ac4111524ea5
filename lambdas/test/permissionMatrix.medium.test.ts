import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignJWT, decodeJwt, type JWTPayload } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PUSH_PROTOCOL, parsePushMessage, pushProtocols, routes, type AuditEvent, type RouteName } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { cognitoFor } from '../../scripts/testing/authenticator';
import { makeAsset, makeFolder } from '../../scripts/testing/assets';
import { knock, listen } from './support/pushChannel';
import { heavyTimeout } from '../../scripts/testing/timeouts';

/**
 * Every API route × every kind of caller → the expected answer, through the real local API
 * (cognito-local tokens, SQLite, s3rver). The table is keyed by route name, so a route added
 * to `routes` fails typecheck and this test until it
 * has a row. A leak is an answer that gives a caller more than the table allows: a 2xx
 * where a refusal was expected, a 403 that reveals something a 404 should hide, or a 2xx
 * body that names a folder or file the caller may not read. Ends with one line:
 * `permission matrix: N cases, N leaks`.
 */

const PERSONAS = ['none', 'forged', 'expired', 'disabled', 'outsider', 'insider', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
/** Callers who hold a valid, enabled token; everyone else gets 401 on every route that needs one. */
type Member = 'admin' | 'insider' | 'outsider';
/** A status, or a 200 whose OperationResult did nothing and failed every item with this code. */
type Outcome = number | 'failed:NOT_FOUND' | 'failed:FORBIDDEN';

interface Case {
  label: string;
  /** The request; called once per persona, so a change made by one call never decides another. */
  request(persona: Persona): Promise<{ query?: Record<string, string | number>; body?: unknown }>;
  expect: Record<Member, Outcome>;
}

const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  insider: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'other@example.com', groups: ['editors', 'show-b'] },
  disabled: { email: 'gone@example.com', groups: ['editors', 'show-a'] },
} as const;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let signedIn: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>;
const tokens = {} as Record<Persona, string | null>;
const fixture = { assetA: '', secretAsset: '', secretNote: '', victimId: '', bayA: '', bayB: '', insiderJob: '' };
let share: string;
let counter = 0;
const unique = (stem: string) => `${stem}-${++counter}`;

const READ = { admin: 200, insider: 200, outsider: 404 } as const;
const WRITE = { admin: 200, insider: 403, outsider: 404 } as const;
const ITEMS = { admin: 200, insider: 'failed:FORBIDDEN', outsider: 'failed:NOT_FOUND' } as const;
const EVERYONE = { admin: 200, insider: 200, outsider: 200 } as const;
const ADMIN_ONLY = { admin: 200, insider: 403, outsider: 403 } as const;

const asAdmin = async <T = Record<string, unknown>>(
  name: RouteName,
  input: { query?: Record<string, string | number>; body?: unknown } = {},
) => {
  const answer = await signedIn.call<T>('admin', name, input);
  if (answer.status !== 200) throw new Error(`setup ${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
};

async function folderInShowA(): Promise<string> {
  const name = unique('Folder');
  await asAdmin('createFolder', { body: { parentPath: 'Show A/', name } });
  return `Show A/${name}/`;
}

/** A file in Show A put straight into storage, as another tool would, and caught by the catalog. */
async function assetInShowA(options: { trashed?: boolean } = {}): Promise<{ id: string; key: string; version: number }> {
  const key = `Show A/${unique('clip')}.mov`;
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
  await stack.storage.idle();
  const asset = await stack.catalog.getAssetByKey(key);
  if (!asset) throw new Error(`storage sync did not catch ${key}`);
  if (options.trashed) await asAdmin('trash', { body: { assetIds: [asset.id], folderPaths: [] } });
  return { id: asset.id, key, version: asset.version };
}

/** A generation body for one file of Show A, its hashes well-formed (the matrix checks who may, not what). */
async function generationFor(asset: { id: string; key: string }) {
  return {
    rootPath: 'Show A/',
    hostName: 'matrix-host',
    toolVersion: '1.0.0',
    files: [
      {
        assetId: asset.id,
        path: asset.key.slice('Show A/'.length),
        size: 6,
        lastModified: 0,
        hashes: { xxh64: 'ab'.repeat(8), md5: 'cd'.repeat(16) },
      },
    ],
  };
}

async function uploadingInShowA(): Promise<string> {
  const name = `${unique('upload')}.mov`;
  await asAdmin('createUploadSession', { body: { folderPath: 'Show A/', files: [{ relativePath: name, size: 6, lastModified: 0 }] } });
  return `Show A/${name}`;
}

async function newUser(): Promise<string> {
  const created = await asAdmin<{ user: { id: string } }>('createUser', { body: { email: `${unique('user')}@example.com` } });
  return created.user.id;
}

/** A fresh access token of a person (password sign-in; nobody here has an authenticator). */
async function accessTokenOf(email: string): Promise<string> {
  const cognito = cognitoFor(stack.profile);
  try {
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.profile.cognito.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: TEST_PASSWORD },
      }),
    );
    return signedIn.AuthenticationResult!.AccessToken!;
  } finally {
    cognito.destroy();
  }
}

async function newGroup(): Promise<string> {
  const name = unique('group');
  await asAdmin('createGroup', { body: { name } });
  return name;
}

/** A note the admin wrote, so others are neither its author nor, outside Show A, its readers. */
async function adminNote(assetId: string): Promise<{ id: string; version: number }> {
  const note = await asAdmin<{ id: string; version: number }>('addNote', { body: { assetId, text: 'Soft focus on the pull', frame: 0 } });
  return { id: note.id, version: note.version };
}

const file = (relativePath: string) => ({ relativePath, size: 6, lastModified: 0 });

const workstationBody = (name: string, groups: string[]) => ({ name, platform: 'local', instanceId: null, shareRoot: share, groups });

async function newWorkstation(): Promise<string> {
  return (await asAdmin<{ id: string }>('createWorkstation', { body: workstationBody(unique('Bay'), ['show-a']) })).id;
}

const matrix: { [N in RouteName]: Case[] } = {
  health: [{ label: 'health', request: async () => ({}), expect: EVERYONE }],
  me: [{ label: 'me', request: async () => ({}), expect: EVERYONE }],
  listChildren: [
    { label: 'list Show A', request: async () => ({ query: { path: 'Show A/' } }), expect: READ },
    { label: 'list a sub-folder of Show A', request: async () => ({ query: { path: 'Show A/Day 1/' } }), expect: READ },
    { label: 'list the root', request: async () => ({ query: { path: '' } }), expect: EVERYONE },
    {
      label: 'list the admin-only folder',
      request: async () => ({ query: { path: 'Show Secret/' } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  createFolder: [
    { label: 'create a folder in Show A', request: async () => ({ body: { parentPath: 'Show A/', name: unique('New') } }), expect: WRITE },
  ],
  renameFolder: [
    {
      label: 'rename a folder in Show A',
      request: async () => ({ body: { path: await folderInShowA(), newName: unique('Renamed') } }),
      expect: WRITE,
    },
  ],
  moveFolder: [
    {
      label: 'move a folder within Show A',
      request: async () => ({ body: { path: await folderInShowA(), toParentPath: 'Show A/Day 1/' } }),
      expect: WRITE,
    },
    // The target is checked first: a caller who cannot see it learns nothing about the source.
    {
      label: 'move a folder of Show A into Show B',
      request: async () => ({ body: { path: await folderInShowA(), toParentPath: 'Show B/' } }),
      expect: { admin: 200, insider: 404, outsider: 403 },
    },
  ],
  assetDetail: [
    { label: 'detail of a file in Show A', request: async () => ({ query: { id: fixture.assetA } }), expect: READ },
    {
      label: 'detail of an admin-only file',
      request: async () => ({ query: { id: fixture.secretAsset } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  assetBatch: [
    // 200 for everyone: what a caller may not read is left out (secretsFor checks the bodies).
    {
      label: 'batch of a file in Show A and an admin-only file',
      request: async () => ({ body: { ids: [fixture.assetA, fixture.secretAsset] } }),
      expect: EVERYONE,
    },
  ],
  renameAsset: [
    {
      label: 'rename a file in Show A',
      request: async () => {
        const asset = await assetInShowA();
        return { body: { id: asset.id, newName: `${unique('renamed')}.mov`, version: asset.version } };
      },
      expect: WRITE,
    },
  ],
  moveAssets: [
    {
      label: 'move a file within Show A',
      request: async () => ({ body: { ids: [(await assetInShowA()).id], toFolderPath: 'Show A/Day 1/' } }),
      expect: WRITE,
    },
    {
      label: 'move a file of Show A into Show B',
      request: async () => ({ body: { ids: [(await assetInShowA()).id], toFolderPath: 'Show B/' } }),
      expect: { admin: 200, insider: 404, outsider: 403 },
    },
  ],
  downloadUrls: [
    { label: 'presigned download of a file in Show A', request: async () => ({ body: { ids: [fixture.assetA] } }), expect: READ },
    {
      label: 'presigned download of an admin-only file',
      request: async () => ({ body: { ids: [fixture.secretAsset] } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  mediaUrls: [
    { label: 'thumbnail and proxy of a file in Show A', request: async () => ({ body: { ids: [fixture.assetA] } }), expect: READ },
    {
      label: 'thumbnail of an admin-only file',
      request: async () => ({ body: { ids: [fixture.secretAsset], only: ['thumbnail'] } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  trash: [
    {
      label: 'delete a file in Show A',
      request: async () => ({ body: { assetIds: [(await assetInShowA()).id], folderPaths: [] } }),
      expect: ITEMS,
    },
    {
      label: 'delete a folder in Show A',
      request: async () => ({ body: { assetIds: [], folderPaths: [await folderInShowA()] } }),
      expect: ITEMS,
    },
  ],
  restore: [
    {
      label: 'restore a file in Show A',
      request: async () => ({ body: { assetIds: [(await assetInShowA({ trashed: true })).id], folderPaths: [] } }),
      expect: ITEMS,
    },
  ],
  purge: [
    {
      label: 'purge a file of Show A',
      request: async () => ({ body: { assetIds: [(await assetInShowA({ trashed: true })).id], folderPaths: [] } }),
      expect: ADMIN_ONLY,
    },
  ],
  listTrash: [{ label: 'list the trash', request: async () => ({}), expect: EVERYONE }],
  changes: [{ label: 'change feed from the start', request: async () => ({ query: { since: 0, limit: 1000 } }), expect: EVERYONE }],
  search: [
    // The secret file matches for everyone; only the admin may get it back (checked by secretsFor).
    { label: 'search the whole library', request: async () => ({ query: { q: 'mov' } }), expect: EVERYONE },
    { label: 'search within Show A', request: async () => ({ query: { q: 'in:"Show A" clip' } }), expect: READ },
    {
      label: 'search within the admin-only folder',
      request: async () => ({ query: { q: 'in:"Show Secret" budget' } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  annotateAsset: [
    {
      label: 'tag a file in Show A',
      request: async () => {
        const asset = await assetInShowA();
        return { body: { id: asset.id, version: asset.version, tags: ['hero'], notes: 'boom in shot' } };
      },
      expect: WRITE,
    },
    {
      label: 'tag an admin-only file',
      request: async () => ({
        body: { id: fixture.secretAsset, version: (await stack.catalog.getAsset(fixture.secretAsset))!.version, tags: ['leak'], notes: '' },
      }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  listNotes: [
    { label: 'notes of a file in Show A', request: async () => ({ query: { assetId: fixture.assetA } }), expect: READ },
    {
      label: 'notes of an admin-only file',
      request: async () => ({ query: { assetId: fixture.secretAsset } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  notesBatch: [
    // What a caller may not read is left out (secretsFor checks the bodies); none left is a 404.
    {
      label: 'notes of a file in Show A and an admin-only file',
      request: async () => ({ body: { assetIds: [fixture.assetA, fixture.secretAsset] } }),
      expect: READ,
    },
    {
      label: 'notes of an admin-only file, batched',
      request: async () => ({ body: { assetIds: [fixture.secretAsset] } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  addNote: [
    {
      label: 'note on a file in Show A',
      request: async () => ({ body: { assetId: fixture.assetA, text: 'Boom in shot', frame: 12 } }),
      expect: READ,
    },
    {
      label: 'reply to a note in Show A',
      request: async () => ({
        body: { assetId: fixture.assetA, parentId: (await adminNote(fixture.assetA)).id, text: 'Agreed', frame: 0 },
      }),
      expect: READ,
    },
    {
      label: 'note on an admin-only file',
      request: async () => ({ body: { assetId: fixture.secretAsset, text: 'Boom in shot', frame: 12 } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
    {
      label: 'reply to a note on an admin-only file, on a file in Show A',
      request: async () => ({ body: { assetId: fixture.assetA, parentId: fixture.secretNote, text: 'Agreed', frame: 0 } }),
      expect: { admin: 404, insider: 404, outsider: 404 },
    },
  ],
  editNote: [
    {
      label: "change the text of the admin's note in Show A",
      request: async () => ({ body: { ...(await adminNote(fixture.assetA)), text: 'Focus is fine' } }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
    {
      label: "resolve the admin's note in Show A",
      request: async () => ({ body: { ...(await adminNote(fixture.assetA)), resolved: true } }),
      expect: READ,
    },
    {
      label: 'resolve a note on an admin-only file',
      request: async () => ({ body: { ...(await adminNote(fixture.secretAsset)), resolved: true } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  deleteNote: [
    {
      label: "delete the admin's note in Show A",
      request: async () => ({ body: await adminNote(fixture.assetA) }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
    {
      label: 'delete a note on an admin-only file',
      request: async () => ({ body: await adminNote(fixture.secretAsset) }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  setTakes: [
    {
      label: 'circle a file in Show A',
      request: async () => ({ body: { changes: [{ id: fixture.assetA, circled: true }] } }),
      expect: WRITE,
    },
    {
      label: 'rate a file in Show A and an admin-only file',
      request: async () => ({
        body: {
          changes: [
            { id: fixture.assetA, rating: 4 },
            { id: fixture.secretAsset, rating: 2 },
          ],
        },
      }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  folderAcl: [
    {
      label: 'read the ACL of Show A',
      request: async () => ({ query: { path: 'Show A/' } }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
  ],
  setFolderAcl: [
    {
      label: 'change the ACL of a folder in Show A',
      request: async () => ({ body: { path: await folderInShowA(), groups: ['show-a', 'show-b'] } }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
  ],
  folderLook: [
    { label: 'read the look of Show A', request: async () => ({ query: { path: 'Show A/' } }), expect: READ },
    {
      label: 'read the look of the admin-only folder',
      request: async () => ({ query: { path: 'Show Secret/' } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  setFolderLook: [
    {
      label: 'set a CDL and burn-ins on a folder in Show A',
      request: async () => ({
        body: {
          path: await folderInShowA(),
          cdl: { slope: [1.1, 1, 0.9], offset: [0, 0, 0], power: [1, 1, 1], saturation: 0.8 },
          burnIn: { timecode: true, clipName: true, watermark: null },
        },
      }),
      expect: WRITE,
    },
    {
      label: 'set a look on the admin-only folder',
      request: async () => ({ body: { path: 'Show Secret/', burnIn: { timecode: true, clipName: false, watermark: null } } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  clearFolderLook: [
    { label: 'clear the look of a folder in Show A', request: async () => ({ query: { path: await folderInShowA() } }), expect: WRITE },
  ],
  cancelLookRender: [
    {
      label: 'cancel the re-render of a folder in Show A',
      request: async () => ({ body: { path: await folderInShowA() } }),
      expect: WRITE,
    },
  ],
  planUpload: [
    {
      label: 'plan an upload into Show A',
      request: async () => ({ body: { folderPath: 'Show A/', files: [file('plan.mov')] } }),
      expect: WRITE,
    },
  ],
  createUploadSession: [
    {
      label: 'start an upload into Show A',
      request: async () => ({ body: { folderPath: 'Show A/', files: [file(`${unique('up')}.mov`)] } }),
      expect: WRITE,
    },
  ],
  uploadCredentials: [
    { label: 'credentials for a key in Show A', request: async () => ({ body: { keys: [await uploadingInShowA()] } }), expect: WRITE },
  ],
  completeUpload: [
    {
      label: 'complete an upload in Show A',
      request: async () => {
        const key = await uploadingInShowA();
        await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
        await stack.storage.idle();
        return { body: { key, size: 6, checksum: { algorithm: 'sha256', value: createHash('sha256').update('frames').digest('hex') } } };
      },
      expect: WRITE,
    },
  ],
  cancelUploads: [
    { label: 'cancel an upload in Show A', request: async () => ({ body: { keys: [await uploadingInShowA()] } }), expect: WRITE },
  ],
  listUsers: [{ label: 'list users', request: async () => ({}), expect: ADMIN_ONLY }],
  createUser: [
    {
      label: 'create a user',
      request: async () => ({ body: { email: `${unique('made')}@example.com`, groups: ['show-a'] } }),
      expect: ADMIN_ONLY,
    },
  ],
  setUserEnabled: [
    { label: 'enable a user', request: async () => ({ body: { id: fixture.victimId, enabled: true } }), expect: ADMIN_ONLY },
  ],
  resetUserPassword: [{ label: "reset a user's password", request: async () => ({ body: { id: fixture.victimId } }), expect: ADMIN_ONLY }],
  deleteUser: [{ label: 'delete a user', request: async () => ({ body: { id: await newUser() } }), expect: ADMIN_ONLY }],
  listGroups: [{ label: 'list groups', request: async () => ({}), expect: ADMIN_ONLY }],
  createGroup: [{ label: 'create a group', request: async () => ({ body: { name: unique('made-group') } }), expect: ADMIN_ONLY }],
  renameGroup: [
    {
      label: 'rename a group',
      request: async () => ({ body: { name: await newGroup(), newName: unique('renamed-group') } }),
      expect: ADMIN_ONLY,
    },
  ],
  deleteGroup: [{ label: 'delete a group', request: async () => ({ body: { name: await newGroup() } }), expect: ADMIN_ONLY }],
  groupMembers: [{ label: 'list the members of show-a', request: async () => ({ query: { name: 'show-a' } }), expect: ADMIN_ONLY }],
  addGroupMembers: [
    {
      label: 'add a member to show-a',
      request: async () => ({ body: { name: 'show-a', userIds: [fixture.victimId] } }),
      expect: ADMIN_ONLY,
    },
  ],
  removeGroupMembers: [
    {
      label: 'remove a member from show-a',
      request: async () => ({ body: { name: 'show-a', userIds: [fixture.victimId] } }),
      expect: ADMIN_ONLY,
    },
  ],
  folderViewers: [{ label: 'who can see Show A', request: async () => ({ query: { path: 'Show A/' } }), expect: ADMIN_ONLY }],
  securitySettings: [{ label: 'read the sign-in security settings', request: async () => ({}), expect: EVERYONE }],
  setSecuritySettings: [
    {
      label: 'change the sign-in security settings',
      // The stack's own settings (no group must enrol), saved again: later rows are unaffected.
      request: async () => ({ body: { mfaRequiredGroups: [], idleMinutes: 30 } }),
      expect: ADMIN_ONLY,
    },
  ],
  mfaStatus: [{ label: 'my two-step sign-in', request: async () => ({}), expect: EVERYONE }],
  verifyMfaEnrolment: [
    {
      // The admin's own token, but no secret waits for a code (409); anyone else's token is refused (403).
      label: "check an enrolment code with the admin's access token",
      request: async () => ({ body: { code: '123456', accessToken: await accessTokenOf(people.admin.email) } }),
      expect: { admin: 409, insider: 403, outsider: 403 },
    },
    {
      label: 'check an enrolment code with something that is not an access token',
      request: async () => ({ body: { code: '123456', accessToken: 'a.b.c' } }),
      expect: { admin: 403, insider: 403, outsider: 403 },
    },
  ],
  recordSignOut: [{ label: 'record my idle sign-out', request: async () => ({ body: { reason: 'idle' } }), expect: EVERYONE }],
  resetUserMfa: [
    { label: "reset a user's two-step sign-in", request: async () => ({ body: { id: await newUser() } }), expect: ADMIN_ONLY },
  ],
  listAudit: [{ label: 'read the audit log', request: async () => ({ query: { limit: 500 } }), expect: ADMIN_ONLY }],
  listWorkstations: [{ label: 'list the workstations one may use', request: async () => ({}), expect: EVERYONE }],
  createWorkstation: [
    {
      label: 'register a workstation',
      request: async () => ({ body: workstationBody(unique('New bay'), ['show-a']) }),
      expect: ADMIN_ONLY,
    },
  ],
  updateWorkstation: [
    {
      label: 'change a workstation',
      request: async () => ({ body: { id: await newWorkstation(), workstation: workstationBody(unique('Changed bay'), ['show-b']) } }),
      expect: ADMIN_ONLY,
    },
  ],
  deleteWorkstation: [
    { label: 'remove a workstation', request: async () => ({ body: { id: await newWorkstation() } }), expect: ADMIN_ONLY },
  ],
  startTransfer: [
    // The workstation is checked first: a caller who may not use it learns nothing about the files.
    {
      label: 'send a file of Show A to the Show A bay',
      request: async () => ({ body: { operation: 'copy', workstationId: fixture.bayA, assetIds: [fixture.assetA] } }),
      expect: { admin: 200, insider: 200, outsider: 403 },
    },
    {
      label: 'send a file of Show A to the Show B bay',
      request: async () => ({ body: { operation: 'copy', workstationId: fixture.bayB, assetIds: [fixture.assetA] } }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
    {
      label: 'send a folder of Show A to the Show A bay',
      request: async () => ({ body: { operation: 'copy', workstationId: fixture.bayA, folderPaths: ['Show A/Dailies/'] } }),
      expect: { admin: 200, insider: 200, outsider: 403 },
    },
    {
      label: 'send a folder of Show A to the Show B bay',
      request: async () => ({ body: { operation: 'remove', workstationId: fixture.bayB, folderPaths: ['Show A/Dailies/'] } }),
      expect: { admin: 200, insider: 403, outsider: 404 },
    },
    {
      label: 'send the admin-only file to the Show A bay',
      request: async () => ({ body: { operation: 'copy', workstationId: fixture.bayA, assetIds: [fixture.secretAsset] } }),
      expect: { admin: 200, insider: 404, outsider: 403 },
    },
  ],
  listTransfers: [{ label: 'list transfers', request: async () => ({ query: { limit: 200 } }), expect: EVERYONE }],
  transferDetail: [
    { label: "detail of the insider's transfer", request: async () => ({ query: { id: fixture.insiderJob } }), expect: READ },
  ],
  recordUploadGeneration: [
    {
      label: 'record an upload generation for a file in Show A',
      request: async () => ({ body: await generationFor(await assetInShowA()) }),
      expect: WRITE,
    },
  ],
  assetCustody: [
    { label: "a Show A file's custody", request: async () => ({ query: { id: fixture.assetA } }), expect: READ },
    {
      label: "a file's custody in the admin-only folder",
      request: async () => ({ query: { id: fixture.secretAsset } }),
      expect: { admin: 200, insider: 404, outsider: 404 },
    },
  ],
  mhlHistory: [
    {
      label: "export Show A's MHL history",
      request: async () => {
        await asAdmin('recordUploadGeneration', { body: await generationFor(await assetInShowA()) });
        return { query: { rootPath: 'Show A/' } };
      },
      expect: READ,
    },
  ],
  cancelTransfer: [{ label: "cancel the insider's transfer", request: async () => ({ body: { id: fixture.insiderJob } }), expect: READ }],
};

/** What each caller must never find in an answer: names and ids of what they may not read. */
function secretsFor(persona: Persona): string[] {
  const adminOnly = ['Show Secret', fixture.secretAsset];
  if (persona === 'insider') return adminOnly;
  if (persona === 'outsider') return [...adminOnly, 'Show A', fixture.assetA];
  return [];
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  signedIn = await signInPeople(stack, people, ['show-a', 'show-b']);

  for (const [parentPath, name, groups] of [
    ['', 'Show A', ['show-a']],
    ['Show A/', 'Day 1', null],
    ['', 'Show B', ['show-b']],
    ['', 'Show Secret', []],
    ['Show A/', 'Dailies', null],
  ] as const) {
    await asAdmin('createFolder', { body: { parentPath, name } });
    if (groups) await asAdmin('setFolderAcl', { body: { path: `${parentPath}${name}/`, groups } });
  }
  const assetA = await assetInShowA();
  fixture.assetA = assetA.id;
  // Derivatives as ingest would record them, so media URLs are really signed.
  const stored = (await stack.catalog.getAsset(assetA.id))!;
  await stack.catalog.updateAsset({
    ...stored,
    status: 'ready',
    derived: { ...stored.derived, thumbnail: `thumbnails/${assetA.id}.jpg`, proxy: `proxies/${assetA.id}.mp4` },
    version: stored.version + 1,
  });
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show Secret/budget.mov', Body: 'frames' }));
  await stack.storage.idle();
  fixture.secretAsset = (await stack.catalog.getAssetByKey('Show Secret/budget.mov'))!.id;
  fixture.secretNote = (await adminNote(fixture.secretAsset)).id;
  await adminNote(fixture.assetA);
  fixture.victimId = await newUser();
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Show A/Dailies/take 1.mov', Body: 'frames' }));
  await stack.storage.idle();
  share = await mkdtemp(path.join(os.tmpdir(), 'rushes-matrix-share-'));
  fixture.bayA = (await asAdmin<{ id: string }>('createWorkstation', { body: workstationBody('Bay A', ['show-a']) })).id;
  fixture.bayB = (await asAdmin<{ id: string }>('createWorkstation', { body: workstationBody('Bay B', ['show-b']) })).id;
  const job = await signedIn.call<{ id: string }>('insider', 'startTransfer', {
    body: { operation: 'copy', workstationId: fixture.bayA, assetIds: [fixture.assetA] },
  });
  fixture.insiderJob = job.body.id;

  const users = await asAdmin<{ users: { id: string; email: string }[] }>('listUsers');
  const disabledId = users.users.find((user) => user.email === people.disabled.email)!.id;
  await asAdmin('setUserEnabled', { body: { id: disabledId, enabled: false } });

  tokens.admin = signedIn.tokens.admin;
  tokens.insider = signedIn.tokens.insider;
  tokens.outsider = signedIn.tokens.outsider;
  tokens.disabled = signedIn.tokens.disabled;
  tokens.none = null;
  const claims = decodeJwt(signedIn.tokens.outsider);
  const now = Math.floor(Date.now() / 1000);
  // Forged: an admin's claims, RS256, the pool's key id, signed by a key that is not the pool's.
  const { privateKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  tokens.forged = await sign({ ...claims, 'cognito:groups': ['admin'] }, strangerKey);
  // Expired: signed with cognito-local's own (public) key, an hour past its expiry. The same
  // key signing a current token must be accepted, or this case would prove nothing.
  const require = createRequire(import.meta.url);
  const poolKey = createPrivateKey((require('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }).pem);
  tokens.expired = await sign({ ...claims, iat: now - 7200, exp: now - 3600, auth_time: now - 7200 }, poolKey);
  const control = await sign({ ...claims, iat: now - 60, exp: now + 600 }, poolKey);
  expect(await status(control, 'me', {})).toBe(200);
}, heavyTimeout(180_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
  if (share) await rm(share, { recursive: true, force: true });
});

async function sign(claims: JWTPayload, key: Parameters<SignJWT['sign']>[0]): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal', typ: 'JWT' }).sign(key);
}

async function send(token: string | null, name: RouteName, input: { query?: Record<string, string | number>; body?: unknown }) {
  const spec = routes[name];
  const url = new URL(spec.path, stack.profile.apiUrl);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
  const response = await fetch(url, {
    method: spec.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(input.body ? { 'content-type': 'application/json' } : {}) },
    body: input.body ? JSON.stringify(input.body) : undefined,
  });
  return { status: response.status, text: await response.text() };
}

async function status(
  token: string | null,
  name: RouteName,
  input: { query?: Record<string, string | number>; body?: unknown },
): Promise<number> {
  return (await send(token, name, input)).status;
}

/** The answer as an Outcome: an OperationResult that did nothing is its items' common failure. */
function outcomeOf(answer: { status: number; text: string }): Outcome {
  if (answer.status !== 200) return answer.status;
  const body = JSON.parse(answer.text) as { done?: unknown[]; failed?: { code: string }[] };
  if (Array.isArray(body.done) && body.done.length === 0 && body.failed?.length) {
    const codes = new Set(body.failed.map((failure) => failure.code));
    if (codes.size === 1 && (codes.has('NOT_FOUND') || codes.has('FORBIDDEN'))) return `failed:${[...codes][0]}` as Outcome;
  }
  return 200;
}

const grants = (outcome: Outcome) => outcome === 200;
const hides = (outcome: Outcome) => outcome === 404 || outcome === 'failed:NOT_FOUND';
const reveals = (outcome: Outcome) => outcome === 403 || outcome === 'failed:FORBIDDEN';

it('answers every route for every kind of caller exactly as the table says, and leaks nothing', async () => {
  const unlisted = (Object.keys(routes) as RouteName[]).filter((name) => !matrix[name]?.length);
  expect(unlisted, 'routes without a row in the permission matrix').toEqual([]);
  const auditBefore = (await stack.catalog.listAudit({ limit: 1000, cursor: null })).items;

  let cases = 0;
  const leaks: string[] = [];
  const mismatches: string[] = [];
  for (const name of Object.keys(routes) as RouteName[]) {
    for (const row of matrix[name]) {
      for (const persona of PERSONAS) {
        const expected: Outcome = !routes[name].auth ? 200 : persona in row.expect ? row.expect[persona as Member] : 401;
        const input = await row.request(persona);
        const answer = await send(tokens[persona], name, input);
        const actual = outcomeOf(answer);
        cases += 1;
        const where = `${name} (${row.label}) as ${persona}: expected ${expected}, got ${actual}`;
        if ((grants(actual) && !grants(expected)) || (hides(expected) && reveals(actual))) leaks.push(where);
        else if (actual !== expected) mismatches.push(`${where} ${answer.text.slice(0, 200)}`);
        if (answer.status < 300) {
          // Echoing what the caller sent (a refused item's path) tells them nothing new.
          const sent = JSON.stringify(input);
          const seen = secretsFor(persona).filter((secret) => answer.text.includes(secret) && !sent.includes(secret));
          if (seen.length > 0) leaks.push(`${name} (${row.label}) as ${persona}: the answer names ${seen.join(', ')}`);
        }
      }
    }
  }
  console.log(`permission matrix: ${cases} cases, ${leaks.length} leaks`);
  expect(leaks).toEqual([]);
  expect(mismatches).toEqual([]);

  // Every route ran, admin routes included, and not one audit event changed or went away.
  const auditAfter = new Map<string, AuditEvent>();
  let cursor: string | null = null;
  do {
    const page = await stack.catalog.listAudit({ limit: 1000, cursor });
    for (const event of page.items) auditAfter.set(event.id, event);
    cursor = page.nextCursor;
  } while (cursor);
  expect(auditBefore.length).toBeGreaterThan(5);
  for (const event of auditBefore) expect(auditAfter.get(event.id)).toEqual(event);
  expect(auditAfter.size).toBeGreaterThan(auditBefore.length);
});

it('opens the push channel only for valid tokens, and nudges each member only for changes it may read', async () => {
  const url = stack.profile.pushUrl!;
  let cases = 0;
  const leaks: string[] = [];
  for (const persona of PERSONAS) {
    const token = tokens[persona];
    const outcome = await knock(url, { protocols: token ? pushProtocols(token) : [PUSH_PROTOCOL] });
    const member = persona === 'admin' || persona === 'insider' || persona === 'outsider';
    cases += 1;
    if ('opened' in outcome !== member) leaks.push(`push channel as ${persona}: ${JSON.stringify(outcome)}`);
  }
  const members = ['admin', 'insider', 'outsider'] as const;
  const open = await Promise.all(members.map((persona) => listen(url, pushProtocols(tokens[persona]!))));
  const changed = async (write: () => Promise<unknown>) => (await write(), await stack.catalog.latestChange());
  const secret = await changed(() => stack.catalog.createAsset(makeAsset('Show Secret/', unique('push-secret') + '.mov')));
  const inShowA = await changed(() => stack.catalog.createAsset(makeAsset('Show A/', unique('push-a') + '.mov')));
  // Seen by all three: once each has heard of it, whatever came before it has been sent.
  const marker = await changed(() => stack.catalog.createFolder(makeFolder(`${unique('Push marker')}/`, ['show-a', 'show-b'])));
  const reached = (text: string) => (parsePushMessage(text)?.upTo ?? 0) >= marker;
  await Promise.all(open.map((listener) => listener.until(reached)));
  const readable: Record<(typeof members)[number], number[]> = { admin: [secret, inShowA], insider: [inShowA], outsider: [] };
  members.forEach((persona, index) => {
    const told = open[index]!.messages.map((text) => parsePushMessage(text)?.upTo);
    for (const seq of [secret, inShowA]) {
      cases += 1;
      if (told.includes(seq) && !readable[persona].includes(seq)) leaks.push(`push channel: ${persona} was nudged for change ${seq}`);
    }
    open[index]!.close();
  });
  console.log(`permission matrix, push channel: ${cases} cases, ${leaks.length} leaks`);
  expect(leaks).toEqual([]);
});
