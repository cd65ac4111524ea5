import { generatePassword } from '../core/passwords';
import { readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GroupExistsException,
  ListGroupsCommand,
  ResourceNotFoundException,
  SetUserPoolMfaConfigCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { ADMIN_GROUP, BUILT_IN_GROUPS, MIN_PASSWORD_LENGTH } from '@rushes/shared';

const StackState = z.object({ userPoolId: z.string(), clientId: z.string() });
type StackState = z.infer<typeof StackState>;

export interface BootstrapResult extends StackState {
  /** Set only when this run created the admin with a generated password: print it once. */
  createdAdmin: { email: string; temporaryPassword: string | null } | null;
}

/**
 * First run: user pool (admins create users; no self sign-up), app client, groups `admin`
 * and `editors`, one admin. Later runs find them again through `local-stack.json`.
 */
export async function bootstrapIdentity(options: {
  client: CognitoIdentityProviderClient;
  dataDir: string;
  admin: { email: string; password: string | null };
}): Promise<BootstrapResult> {
  const { client } = options;
  const statePath = path.join(options.dataDir, 'local-stack.json');
  let state = await readState(statePath);
  if (state && !(await poolStillExists(client, state))) state = null;
  if (!state) {
    state = await createPoolAndClient(client);
    await writeJsonAtomic(statePath, state);
  }
  // Authenticator apps optional pool-wide (the API decides who must enrol); also for pools
  // made before two-step sign-in existed. cognito-local's default is OFF.
  await client.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: state.userPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  // cognito-local's CreateGroup overwrites an existing group and empties it (Cognito raises
  // GroupExistsException), so only missing groups are created.
  const existing = await client.send(new ListGroupsCommand({ UserPoolId: state.userPoolId }));
  const names = new Set((existing.Groups ?? []).map((group) => group.GroupName));
  for (const group of BUILT_IN_GROUPS) {
    if (names.has(group.name)) continue;
    try {
      await client.send(new CreateGroupCommand({ UserPoolId: state.userPoolId, GroupName: group.name, Description: group.description }));
    } catch (error) {
      if (!(error instanceof GroupExistsException)) throw error;
    }
  }
  const createdAdmin = await ensureAdmin(client, state.userPoolId, options.admin);
  return { ...state, createdAdmin };
}

async function readState(file: string): Promise<StackState | null> {
  try {
    return StackState.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} is damaged (${(error as Error).message}); move it aside to start a new user pool.`);
  }
}

async function poolStillExists(client: CognitoIdentityProviderClient, state: StackState): Promise<boolean> {
  try {
    await client.send(new DescribeUserPoolCommand({ UserPoolId: state.userPoolId }));
    await client.send(new DescribeUserPoolClientCommand({ UserPoolId: state.userPoolId, ClientId: state.clientId }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function createPoolAndClient(client: CognitoIdentityProviderClient): Promise<StackState> {
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'rushes',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        // Length first, as shared/src/authApi.ts says (the guard checks new passwords with it).
        PasswordPolicy: {
          MinimumLength: MIN_PASSWORD_LENGTH,
          RequireLowercase: false,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 7,
        },
      },
    }),
  );
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
  const appClient = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'rushes-desktop',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'days' },
    }),
  );
  const clientId = appClient.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created an app client without an id');
  return { userPoolId, clientId };
}

async function ensureAdmin(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  admin: { email: string; password: string | null },
): Promise<BootstrapResult['createdAdmin']> {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: admin.email }));
    return null; // Already there: never reset a password the admin may have changed.
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
  }
  const temporaryPassword = admin.password ?? generatePassword();
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: admin.email,
      TemporaryPassword: temporaryPassword,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: admin.email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  const username = created.User?.Username ?? admin.email;
  if (admin.password) {
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: admin.password, Permanent: true }),
    );
  }
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: ADMIN_GROUP }));
  return { email: admin.email, temporaryPassword: admin.password ? null : temporaryPassword };
}

export { generatePassword } from '../core/passwords';

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, file);
}
