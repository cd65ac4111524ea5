import type { UserStatus } from '@rushes/shared';

/** A group as the identity directory (Cognito) knows it. */
export interface DirectoryGroup {
  readonly name: string;
  readonly description: string | null;
}

/** A user as the directory knows them; `id` is the immutable username (Cognito's `sub`). */
export interface DirectoryUser {
  readonly id: string;
  readonly email: string;
  /** The directory's own flag; our API also keeps a disabled-users record (see Catalog). */
  readonly enabled: boolean;
  readonly status: UserStatus;
  readonly createdAt: string;
}

/**
 * The identity directory: users, groups and membership. Cognito in both modes (cognito-local
 * stands in locally); the contract suite (lambdas/test/directoryContract.ts) pins behaviour.
 *
 * Errors: a missing user or group throws `DirectoryNotFound`; a taken email or group name
 * throws `DirectoryConflict`; a password the pool's policy refuses throws `DirectoryInvalid`.
 * Cognito cannot rename a group: callers create a new one and move members.
 */
export interface Directory {
  /** Every group, by name. */
  listGroups(): Promise<DirectoryGroup[]>;
  createGroup(name: string, description: string | null): Promise<DirectoryGroup>;
  deleteGroup(name: string): Promise<void>;

  /** Every user, by email. */
  listUsers(): Promise<DirectoryUser[]>;
  getUser(id: string): Promise<DirectoryUser | null>;
  /** A new user who must choose a password at first sign-in (no invitation is sent). */
  createUser(email: string, temporaryPassword: string): Promise<DirectoryUser>;
  setUserEnabled(id: string, enabled: boolean): Promise<void>;
  /** Sets a temporary password: the user must choose a new one at the next sign-in. */
  setTemporaryPassword(id: string, password: string): Promise<void>;
  deleteUser(id: string): Promise<void>;

  /** Whether the user has a verified authenticator app turned on (TOTP). */
  mfaEnabled(id: string): Promise<boolean>;
  /** Which of these users have one (users that no longer exist are left out). */
  usersWithMfa(ids: readonly string[]): Promise<Set<string>>;
  /** Turns the user's authenticator off: they set up a new one at the next sign-in. */
  resetMfa(id: string): Promise<void>;
  /** Revokes every refresh token the user holds, so no session of theirs can renew. */
  signOutEverywhere(id: string): Promise<void>;

  groupsOfUser(id: string): Promise<string[]>;
  usersInGroup(name: string): Promise<DirectoryUser[]>;
  addUserToGroup(id: string, group: string): Promise<void>;
  removeUserFromGroup(id: string, group: string): Promise<void>;
}

export class DirectoryNotFound extends Error {
  override name = 'DirectoryNotFound';
}
export class DirectoryConflict extends Error {
  override name = 'DirectoryConflict';
}
export class DirectoryInvalid extends Error {
  override name = 'DirectoryInvalid';
}
