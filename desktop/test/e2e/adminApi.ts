import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { routes, type ConnectionProfile, type RouteName } from '@rushes/shared';

/**
 * A call to the running app's API from outside it, as a second admin at another desk would
 * make it: signed in against the data folder's cognito-local, the route taken from the
 * shared contract. Throws with the server's answer when it is not 200.
 */
export async function apiCall<T>(dataDir: string, who: { email: string; password: string }, name: RouteName, body: unknown): Promise<T> {
  const profile = JSON.parse(await readFile(path.join(dataDir, 'profile.json'), 'utf8')) as ConnectionProfile;
  const cognito = new CognitoIdentityProviderClient({
    region: 'local',
    endpoint: profile.cognito.endpoint!,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: who.email, PASSWORD: who.password },
      }),
    );
    const response = await fetch(new URL(routes[name].path, profile.apiUrl), {
      method: routes[name].method,
      headers: { authorization: `Bearer ${signedIn.AuthenticationResult!.IdToken!}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  } finally {
    cognito.destroy();
  }
}
