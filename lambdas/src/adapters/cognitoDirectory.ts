import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserStatus } from '@rushes/shared';
import {
  DirectoryConflict,
  DirectoryInvalid,
  DirectoryNotFound,
  type Directory,
  type DirectoryGroup,
  type DirectoryUser,
} from '../ports/directory';

const USER_STATUSES: readonly UserStatus[] = [
  'CONFIRMED',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
  'UNCONFIRMED',
  'ARCHIVED',
  'COMPROMISED',
  'EXTERNAL_PROVIDER',
];

/** AdminGetUser calls in flight at once when the Users table asks who has an authenticator. */
export const MFA_LOOKUPS_AT_ONCE = 4;

/**
 * The directory over Cognito's admin API (cognito-local speaks the same calls). Users are
 * addressed by their immutable username (the pool signs in by email, so Cognito makes the
 * username a UUID, the `sub`): cognito-local's group calls accept nothing else.
 */
export class CognitoDirectory implements Directory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async listGroups(): Promise<DirectoryGroup[]> {
    const groups: DirectoryGroup[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListGroupsCommand({ UserPoolId: this.userPoolId, Limit: 60, NextToken: nextToken }));
      for (const group of page.Groups ?? []) {
        if (group.GroupName) groups.push({ name: group.GroupName, description: group.Description || null });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return groups.sort((a, b) => a.name.localeCompare(b.name));
  }

  async createGroup(name: string, description: string | null): Promise<DirectoryGroup> {
    // cognito-local's CreateGroup silently replaces an existing group (and empties it);
    // Cognito raises GroupExistsException. Ask first so both refuse.
    if (await this.groupExists(name)) throw new DirectoryConflict(`A group named "${name}" already exists.`);
    await this.call(() =>
      this.client.send(
        new CreateGroupCommand({ UserPoolId: this.userPoolId, GroupName: name, ...(description ? { Description: description } : {}) }),
      ),
    );
    return { name, description: description || null };
  }

  async deleteGroup(name: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteGroupCommand({ UserPoolId: this.userPoolId, GroupName: name })));
  }

  async listUsers(): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListUsersCommand({ UserPoolId: this.userPoolId, Limit: 60, PaginationToken: token }));
      users.push(...(page.Users ?? []).map(toUser));
      token = page.PaginationToken;
    } while (token);
    return sortUsers(users);
  }

  async getUser(id: string): Promise<DirectoryUser | null> {
    try {
      const user = await this.call(() => this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: id })));
      return toUser({
        Username: user.Username,
        Attributes: user.UserAttributes,
        Enabled: user.Enabled,
        UserStatus: user.UserStatus,
        UserCreateDate: user.UserCreateDate,
      });
    } catch (error) {
      if (error instanceof DirectoryNotFound) return null;
      throw error;
    }
  }

  async createUser(email: string, temporaryPassword: string): Promise<DirectoryUser> {
    const created = await this.call(() =>
      this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: email,
          TemporaryPassword: temporaryPassword,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
    );
    if (!created.User) throw new Error('Cognito created a user but did not describe it');
    return toUser(created.User);
  }

  async setUserEnabled(id: string, enabled: boolean): Promise<void> {
    const input = { UserPoolId: this.userPoolId, Username: id };
    await this.call(() =>
      enabled ? this.client.send(new AdminEnableUserCommand(input)) : this.client.send(new AdminDisableUserCommand(input)),
    );
  }

  async setTemporaryPassword(id: string, password: string): Promise<void> {
    // Not AdminResetUserPassword: it mails a code (cognito-local cannot), and an admin of a
    // post house hands the new password over in person. Permanent: false forces a change.
    await this.call(() =>
      this.client.send(
        new AdminSetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: id, Password: password, Permanent: false }),
      ),
    );
  }

  async deleteUser(id: string): Promise<void> {
    // cognito-local keeps a deleted user in its groups' member lists, after which listing
    // those groups fails; Cognito drops memberships itself. Leave the groups first.
    for (const group of await this.groupsOfUser(id)) await this.removeUserFromGroup(id, group);
    await this.call(() => this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: id })));
  }

  async mfaEnabled(id: string): Promise<boolean> {
    const user = await this.call(() => this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: id })));
    return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
  }

  /**
   * ListUsers describes no second factor (its `MFAOptions` is the legacy SMS setting, never
   * TOTP), and neither do the group listings: only AdminGetUser has `UserMFASettingList`. So
   * one call per user, at most MFA_LOOKUPS_AT_ONCE at a time, well inside Cognito's
   * user-read quota (120 a second by default).
   */
  async usersWithMfa(ids: readonly string[]): Promise<Set<string>> {
    const enrolled = new Set<string>();
    const queue = [...new Set(ids)];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          if (await this.mfaEnabled(id)) enrolled.add(id);
        } catch (error) {
          if (!(error instanceof DirectoryNotFound)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MFA_LOOKUPS_AT_ONCE, queue.length) }, worker));
    return enrolled;
  }

  async resetMfa(id: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: this.userPoolId,
          Username: id,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    );
  }

  async signOutEverywhere(id: string): Promise<void> {
    await this.call(() => this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: id })));
  }

  async groupsOfUser(id: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: id, Limit: 60, NextToken: token })),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) names.push(group.GroupName);
      token = page.NextToken;
    } while (token);
    return names.sort();
  }

  async usersInGroup(name: string): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: name, Limit: 60, NextToken: token })),
      );
      users.push(...(page.Users ?? []).map(toUser));
      token = page.NextToken;
    } while (token);
    return sortUsers(users);
  }

  async addUserToGroup(id: string, group: string): Promise<void> {
    // Both refuse a missing group differently (cognito-local adds nothing, silently): ask.
    if (!(await this.groupExists(group))) throw new DirectoryNotFound(`There is no group named "${group}".`);
    await this.call(() =>
      this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: id, GroupName: group })),
    );
  }

  async removeUserFromGroup(id: string, group: string): Promise<void> {
    await this.call(() =>
      this.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: id, GroupName: group })),
    );
  }

  private async groupExists(name: string): Promise<boolean> {
    try {
      await this.call(() => this.client.send(new GetGroupCommand({ UserPoolId: this.userPoolId, GroupName: name })));
      return true;
    } catch (error) {
      if (error instanceof DirectoryNotFound) return false;
      throw error;
    }
  }

  /** Sends a command, turning Cognito's expected errors into the port's. */
  private async call<Output>(send: () => Promise<Output>): Promise<Output> {
    try {
      return await send();
    } catch (error) {
      const name = (error as { name?: string }).name;
      const message = (error as Error).message;
      if (name === 'UserNotFoundException') throw new DirectoryNotFound('That user does not exist.');
      if (name === 'ResourceNotFoundException') throw new DirectoryNotFound(message || 'Not found.');
      if (name === 'UsernameExistsException') throw new DirectoryConflict('A user with that email address already exists.');
      if (name === 'GroupExistsException') throw new DirectoryConflict('A group with that name already exists.');
      if (name === 'InvalidPasswordException') throw new DirectoryInvalid(message || 'The password does not meet the policy.');
      throw error;
    }
  }
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((a) => a.Name === name)?.Value;
}

function toUser(user: UserType): DirectoryUser {
  const status = user.UserStatus as UserStatus | undefined;
  return {
    id: user.Username ?? '',
    email: attribute(user.Attributes, 'email') ?? user.Username ?? '',
    enabled: user.Enabled !== false,
    status: status && USER_STATUSES.includes(status) ? status : 'UNKNOWN',
    createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
  };
}

function sortUsers(users: DirectoryUser[]): DirectoryUser[] {
  return users.sort((a, b) => a.email.localeCompare(b.email));
}
