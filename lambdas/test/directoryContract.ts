import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryConflict, DirectoryNotFound, type Directory } from '../src/ports/directory';
import { heavyTimeout } from '../../scripts/testing/timeouts';

/**
 * What every Directory adapter must do; runs against the real thing available here
 * (cognito-local). A cloud adapter passes the same suite against a Cognito user pool.
 */
export function describeDirectoryContract(name: string, open: () => Promise<{ directory: Directory; close(): Promise<void> }>): void {
  describe(`Directory contract: ${name}`, () => {
    let directory: Directory;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ directory, close } = await open());
    }, heavyTimeout(120_000));
    afterAll(async () => close?.());

    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error,
      );

    it('creates a group once, refusing a second with the same name without touching the first', async () => {
      expect(await directory.createGroup('colour', 'Colourists')).toEqual({ name: 'colour', description: 'Colourists' });
      const user = await directory.createUser('grader@example.com', 'Temp0rary1');
      await directory.addUserToGroup(user.id, 'colour');
      expect(await refusal(directory.createGroup('colour', 'Other'))).toBeInstanceOf(DirectoryConflict);
      expect((await directory.listGroups()).find((group) => group.name === 'colour')).toEqual({
        name: 'colour',
        description: 'Colourists',
      });
      expect((await directory.usersInGroup('colour')).map((u) => u.email)).toEqual(['grader@example.com']);
    });

    it('creates a user on a temporary password, enabled, addressed by an id that is not the email', async () => {
      const user = await directory.createUser('ed@example.com', 'Temp0rary1');
      expect(user).toMatchObject({ email: 'ed@example.com', enabled: true, status: 'FORCE_CHANGE_PASSWORD' });
      expect(user.id).not.toBe('ed@example.com');
      expect(Date.parse(user.createdAt)).toBeGreaterThan(Date.parse('2020-01-01'));
      expect(await directory.getUser(user.id)).toEqual(user);
      expect((await directory.listUsers()).map((u) => u.email)).toContain('ed@example.com');
      expect(await refusal(directory.createUser('ed@example.com', 'Temp0rary1'))).toBeInstanceOf(DirectoryConflict);
      expect(await directory.getUser('no-such-user')).toBeNull();
    });

    it('adds and removes members, seen from the user and from the group', async () => {
      await directory.createGroup('show-a', null);
      await directory.createGroup('show-b', null);
      const user = await directory.createUser('member@example.com', 'Temp0rary1');
      await directory.addUserToGroup(user.id, 'show-a');
      await directory.addUserToGroup(user.id, 'show-b');
      expect(await directory.groupsOfUser(user.id)).toEqual(['show-a', 'show-b']);
      expect((await directory.usersInGroup('show-a')).map((u) => u.id)).toEqual([user.id]);
      await directory.removeUserFromGroup(user.id, 'show-a');
      expect(await directory.groupsOfUser(user.id)).toEqual(['show-b']);
      expect(await directory.usersInGroup('show-a')).toEqual([]);
      expect(await refusal(directory.addUserToGroup(user.id, 'no-such-group'))).toBeInstanceOf(DirectoryNotFound);
      expect(await refusal(directory.groupsOfUser('no-such-user'))).toBeInstanceOf(DirectoryNotFound);
    });

    it('disables and enables a user, and sets a temporary password that forces a change', async () => {
      const user = await directory.createUser('temp@example.com', 'Temp0rary1');
      await directory.setUserEnabled(user.id, false);
      expect((await directory.getUser(user.id))?.enabled).toBe(false);
      await directory.setUserEnabled(user.id, true);
      expect((await directory.getUser(user.id))?.enabled).toBe(true);
      await directory.setTemporaryPassword(user.id, 'An0therTemp');
      expect((await directory.getUser(user.id))?.status).toBe('FORCE_CHANGE_PASSWORD');
      expect(await refusal(directory.setUserEnabled('no-such-user', false))).toBeInstanceOf(DirectoryNotFound);
    });

    it('reports no authenticator for a new user; resetting one or signing out everywhere is harmless, and a missing user is not found', async () => {
      const user = await directory.createUser('newcomer@example.com', 'Temp0rary1');
      expect(await directory.mfaEnabled(user.id)).toBe(false);
      await directory.resetMfa(user.id);
      await directory.signOutEverywhere(user.id);
      expect(await directory.mfaEnabled(user.id)).toBe(false);
      expect(await refusal(directory.mfaEnabled('no-such-user'))).toBeInstanceOf(DirectoryNotFound);
      expect(await refusal(directory.resetMfa('no-such-user'))).toBeInstanceOf(DirectoryNotFound);
      expect(await refusal(directory.signOutEverywhere('no-such-user'))).toBeInstanceOf(DirectoryNotFound);
      // The Users table's question, for many users at once: nobody here has one; missing users are left out.
      expect(await directory.usersWithMfa([user.id, 'no-such-user', user.id])).toEqual(new Set());
    });

    it('deletes a user and their memberships, after which the group still lists', async () => {
      await directory.createGroup('leavers', null);
      const user = await directory.createUser('gone@example.com', 'Temp0rary1');
      await directory.addUserToGroup(user.id, 'leavers');
      await directory.deleteUser(user.id);
      expect(await directory.getUser(user.id)).toBeNull();
      expect(await directory.usersInGroup('leavers')).toEqual([]);
      expect(await refusal(directory.deleteUser(user.id))).toBeInstanceOf(DirectoryNotFound);
    });

    it('deletes a group; its members stay users', async () => {
      await directory.createGroup('short-lived', null);
      const user = await directory.createUser('stays@example.com', 'Temp0rary1');
      await directory.addUserToGroup(user.id, 'short-lived');
      await directory.deleteGroup('short-lived');
      expect((await directory.listGroups()).map((group) => group.name)).not.toContain('short-lived');
      expect(await directory.groupsOfUser(user.id)).toEqual([]);
      expect(await directory.getUser(user.id)).not.toBeNull();
      expect(await refusal(directory.deleteGroup('short-lived'))).toBeInstanceOf(DirectoryNotFound);
      expect(await refusal(directory.usersInGroup('short-lived'))).toBeInstanceOf(DirectoryNotFound);
    });
  });
}
