// Test support: an authenticator app, set up through the Cognito API as the desktop does it.
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateSync } from 'otplib';
import type { ConnectionProfile } from '@rushes/shared';

/** The code an authenticator app shows now for `secret` (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totp(secret: string, at = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor(at / 1000) });
}

/** A Cognito client for the profile's endpoint, as the desktop makes one. */
export function cognitoFor(profile: ConnectionProfile): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: 'local',
    ...(profile.cognito.endpoint ? { endpoint: profile.cognito.endpoint } : {}),
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
}

/** Signs in with a password (no MFA yet), sets up an authenticator and turns it on; its secret. */
export async function enrolAuthenticator(profile: ConnectionProfile, email: string, password: string): Promise<string> {
  const cognito = cognitoFor(profile);
  try {
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: profile.cognito.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const accessToken = signedIn.AuthenticationResult?.AccessToken;
    if (!accessToken) throw new Error(`${email} did not sign in with a password alone (${signedIn.ChallengeName})`);
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode!) }));
    await cognito.send(
      new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    return SecretCode!;
  } finally {
    cognito.destroy();
  }
}
