import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_GROUP,
  aclForNewFolder,
  canCreateTopLevelFolder,
  canManageAcl,
  canManageUsers,
  canManageWorkstations,
  canMove,
  canPurgeTrash,
  canRead,
  canReadAudit,
  canUseWorkstation,
  canWrite,
  isAdmin,
  normalizeAcl,
  setFolderAcl,
  validateGroupName,
  type Principal,
} from './permissions';

const admin: Principal = { email: 'admin@studio.test', groups: ['admin'] };
const manager: Principal = { email: 'mm@studio.test', groups: ['media-managers', 'show-a'] };
const editor: Principal = { email: 'ed@studio.test', groups: ['editors', 'show-a'] };
const outsider: Principal = { email: 'out@studio.test', groups: ['show-b'] };
const nobody: Principal = { email: 'new@studio.test', groups: [] };

const showA = ['admin', 'show-a'];
const showB = ['admin', 'show-b'];

describe('reading and writing folders', () => {
  it('lets members of an ACL group read the folder, and nobody else', () => {
    expect(canRead(editor, showA)).toBe(true);
    expect(canRead(manager, showA)).toBe(true);
    expect(canRead(outsider, showA)).toBe(false);
    expect(canRead(nobody, showA)).toBe(false);
  });

  it('lets admins read every folder, even one whose stored ACL lost admin', () => {
    expect(canRead(admin, showA)).toBe(true);
    expect(canRead(admin, ['show-b'])).toBe(true);
    expect(canRead(admin, [])).toBe(true);
  });

  it('matches group names exactly', () => {
    expect(canRead({ email: 'x@y', groups: ['Show-A'] }, showA)).toBe(false);
    expect(canRead({ email: 'x@y', groups: ['show'] }, showA)).toBe(false);
    expect(isAdmin({ email: 'x@y', groups: ['Admin', 'admins'] })).toBe(false);
  });

  it('lets media managers write where they can read; editors never write', () => {
    expect(canWrite(manager, showA)).toBe(true);
    expect(canWrite(manager, showB)).toBe(false);
    expect(canWrite(editor, showA)).toBe(false);
    expect(canWrite(admin, showB)).toBe(true);
  });

  it('needs write access on both folders to move', () => {
    expect(canMove(manager, showA, showA)).toBe(true);
    expect(canMove(manager, showA, showB)).toBe(false);
    expect(canMove(manager, showB, showA)).toBe(false);
    expect(canMove(admin, showA, showB)).toBe(true);
  });

  it('lets admins and media managers create top-level folders', () => {
    expect(canCreateTopLevelFolder(admin)).toBe(true);
    expect(canCreateTopLevelFolder(manager)).toBe(true);
    expect(canCreateTopLevelFolder(editor)).toBe(false);
  });

  it('never lets someone write what they cannot read', () => {
    const group = fc.constantFrom('admin', 'media-managers', 'editors', 'show-a', 'show-b', 'show-c');
    fc.assert(
      fc.property(fc.array(group), fc.array(group), (groups, acl) => {
        const principal = { email: 'p@studio.test', groups };
        if (canWrite(principal, acl)) expect(canRead(principal, acl)).toBe(true);
        if (!groups.includes('admin') && !groups.some((g) => acl.includes(g))) expect(canRead(principal, acl)).toBe(false);
      }),
    );
  });
});

describe('admin-only actions', () => {
  it.each([
    ['canManageAcl', canManageAcl],
    ['canManageUsers', canManageUsers],
    ['canManageWorkstations', canManageWorkstations],
    ['canReadAudit', canReadAudit],
    ['canPurgeTrash', canPurgeTrash],
  ])('%s is for admins only', (_name, rule) => {
    expect(rule(admin)).toBe(true);
    expect(rule(manager)).toBe(false);
    expect(rule(editor)).toBe(false);
    expect(rule(nobody)).toBe(false);
  });
});

describe('workstations', () => {
  const suite = { groups: ['editors'] };

  it('lets members of its groups and admins use a workstation', () => {
    expect(canUseWorkstation(editor, suite)).toBe(true);
    expect(canUseWorkstation(admin, suite)).toBe(true);
    expect(canUseWorkstation(outsider, suite)).toBe(false);
  });

  it('lets only admins use a workstation with no groups', () => {
    expect(canUseWorkstation(editor, { groups: [] })).toBe(false);
    expect(canUseWorkstation(admin, { groups: [] })).toBe(true);
  });
});

describe('ACLs', () => {
  it('stores ACLs deduplicated, sorted and with admin', () => {
    expect(normalizeAcl(['show-b', 'editors', 'show-b'])).toEqual(['admin', 'editors', 'show-b']);
    expect(normalizeAcl([])).toEqual(['admin']);
    expect(normalizeAcl(['admin', 'admin'])).toEqual(['admin']);
    expect(normalizeAcl(['Zed', 'alpha', 'Éclair'])).toEqual(['Zed', 'admin', 'alpha', 'Éclair']);
  });

  it('is idempotent and always contains admin', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 })), (groups) => {
        const acl = normalizeAcl(groups);
        expect(acl).toContain(ADMIN_GROUP);
        expect(normalizeAcl(acl)).toEqual(acl);
        expect(new Set(acl).size).toBe(acl.length);
        for (const group of groups) expect(acl).toContain(group);
      }),
    );
  });

  it('gives a sub-folder its parent ACL', () => {
    expect(aclForNewFolder(['admin', 'show-a'], manager.groups)).toEqual(['admin', 'show-a']);
    expect(aclForNewFolder(['show-a'], manager.groups)).toEqual(['admin', 'show-a']);
  });

  it('gives a top-level folder the creator groups plus admin', () => {
    expect(aclForNewFolder(null, manager.groups)).toEqual(['admin', 'media-managers', 'show-a']);
    expect(aclForNewFolder(null, admin.groups)).toEqual(['admin']);
  });
});

describe('setFolderAcl', () => {
  it('lets an admin change the groups and reports what changed', () => {
    expect(setFolderAcl(admin, ['admin', 'show-a'], ['admin', 'show-b', 'editors'])).toEqual({
      ok: true,
      value: { acl: ['admin', 'editors', 'show-b'], added: ['editors', 'show-b'], removed: ['show-a'] },
    });
  });

  it('refuses a non-admin, even one who can read and write the folder', () => {
    for (const principal of [manager, editor, outsider, nobody]) {
      const result = setFolderAcl(principal, showA, ['admin', 'show-a', 'show-b']);
      expect(result).toMatchObject({ ok: false, reason: 'forbidden' });
    }
  });

  it('never removes admin, whatever is requested', () => {
    expect(setFolderAcl(admin, ['admin', 'show-a'], ['show-a'])).toEqual({
      ok: true,
      value: { acl: ['admin', 'show-a'], added: [], removed: [] },
    });
    expect(setFolderAcl(admin, ['admin', 'show-a'], [])).toMatchObject({ ok: true, value: { acl: ['admin'], removed: ['show-a'] } });
    fc.assert(
      fc.property(fc.array(fc.constantFrom('show-a', 'show-b', 'editors', 'admin')), (requested) => {
        const result = setFolderAcl(admin, showA, requested);
        expect(result.ok && result.value.acl.includes('admin') && !result.value.removed.includes('admin')).toBe(true);
      }),
    );
  });

  it('refuses invalid group names', () => {
    expect(setFolderAcl(admin, showA, ['show a'])).toMatchObject({ ok: false, reason: 'invalid-group' });
    expect(setFolderAcl(admin, showA, [''])).toMatchObject({ ok: false, reason: 'invalid-group' });
  });
});

describe('validateGroupName', () => {
  it.each(['admin', 'editors', 'Show-A_2025', 'équipe', '東京', 'vfx+color', 'a'.repeat(128), '🎬'])('accepts %j', (name) => {
    expect(validateGroupName(name)).toEqual({ ok: true, value: name });
  });

  it.each([
    ['', 'empty'],
    ['a'.repeat(129), 'too-long'],
    ['show a', 'invalid-character'],
    ['   ', 'invalid-character'],
    [' editors', 'invalid-character'],
    ['tab\tname', 'invalid-character'],
    ['nul\u0000', 'invalid-character'],
    ['bidi\u202E', 'invalid-character'],
    ['lone\uD800', 'invalid-character'],
  ])('refuses %j as %s', (name, reason) => {
    expect(validateGroupName(name)).toMatchObject({ ok: false, reason });
  });

  it('stores group names in NFC', () => {
    expect(validateGroupName('e\u0301quipe')).toEqual({ ok: true, value: '\u00E9quipe' });
  });

  // 100 generated names: milliseconds alone, seconds on a 2-core machine busy with ingest.
  it('never throws and accepts only names that fit the Cognito pattern', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 140 }), (name) => {
        const checked = validateGroupName(name);
        if (checked.ok) {
          expect(checked.value.length).toBeGreaterThan(0);
          expect(checked.value.length).toBeLessThanOrEqual(128);
          expect(checked.value).toMatch(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u);
        }
      }),
    );
  });
});
