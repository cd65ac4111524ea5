// The demo's own user: a media manager with a fresh password, and an authenticator where
// the settings say media managers must use one.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateSync } from 'otplib';
import { MEDIA_MANAGER_GROUP } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { generatePassword } from '../lambdas/src/local/bootstrap';
import type { DesktopServices } from '../desktop/src/main/services/desktopService';

export const DEMO_EMAIL = 'demo@example.com';

/**
 * The demo user, a media manager (may create top-level folders and upload), with a fresh
 * permanent password: it is printed once, and the demo signs in with it.
 */
export async function ensureDemoUser(stack: LocalStack): Promise<string> {
  const UserPoolId = stack.profile.cognito.userPoolId;
  const client = stack.identityAdmin;
  const password = generatePassword();
  let username = DEMO_EMAIL;
  try {
    const existing = await client.send(new AdminGetUserCommand({ UserPoolId, Username: DEMO_EMAIL }));
    username = existing.Username ?? DEMO_EMAIL;
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: DEMO_EMAIL,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: DEMO_EMAIL },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    username = created.User?.Username ?? DEMO_EMAIL;
  }
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: password, Permanent: true }));
  // An authenticator from an earlier run is forgotten with its password: this run sets up its own.
  await client.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId,
      Username: username,
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    }),
  );
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: MEDIA_MANAGER_GROUP }));
  return password;
}

/**
 * Where media managers must use two-step sign-in (the default), the demo user sets up an
 * authenticator the way the app does, answering with codes it computes from the key.
 */
export async function enrolIfRequired(api: DesktopServices['api']): Promise<string | null> {
  const status = await api.mfaStatus();
  if (!status.required || status.enrolled) return null;
  const { secret } = await api.beginMfaEnrolment();
  await api.completeMfaEnrolment({ code: generateSync({ secret }) });
  return secret;
}
