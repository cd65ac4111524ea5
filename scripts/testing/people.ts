// Test support: users in groups on a local stack, signed in, with an API caller per person.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { routes, type RouteName } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';

export const TEST_PASSWORD = 'Dailies-2026';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * Creates `people` (the admin of the stack must already exist, with TEST_PASSWORD) and any
 * extra groups, signs everyone in, and returns a route caller that uses their ID token.
 */
export async function signInPeople<P extends string>(
  stack: LocalStack,
  people: Record<P, { email: string; groups: readonly string[]; existing?: boolean }>,
  extraGroups: readonly string[] = [],
) {
  const poolId = stack.profile.cognito.userPoolId;
  for (const group of extraGroups) await stack.identityAdmin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
  for (const { email, groups, existing } of Object.values(people) as { email: string; groups: readonly string[]; existing?: boolean }[]) {
    if (existing) continue;
    const created = await stack.identityAdmin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const username = created.User!.Username!;
    await stack.identityAdmin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: TEST_PASSWORD, Permanent: true }),
    );
    for (const group of groups)
      await stack.identityAdmin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }));
  }
  const cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: stack.profile.cognito.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const tokens = {} as Record<P, string>;
  try {
    for (const person of Object.keys(people) as P[]) {
      const result = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: stack.profile.cognito.clientId,
          AuthParameters: { USERNAME: people[person].email, PASSWORD: TEST_PASSWORD },
        }),
      );
      tokens[person] = result.AuthenticationResult!.IdToken!;
    }
  } finally {
    cognito.destroy();
  }

  async function call<T = Record<string, unknown>>(
    who: P,
    name: RouteName,
    input: { query?: Record<string, string | number>; body?: unknown } = {},
  ): Promise<Answer<T>> {
    const spec = routes[name];
    const url = new URL(spec.path, stack.profile.apiUrl);
    for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
    const response = await fetch(url, {
      method: spec.method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(input.body ? { 'content-type': 'application/json' } : {}) },
      body: input.body ? JSON.stringify(input.body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as T };
  }
  return { tokens, call };
}
