import type { SetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { VerifySoftwareTokenCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS, DomainError, type AuditEvent } from '@rushes/shared';
import { CognitoAuthenticatorApps } from '../src/adapters/cognitoAuthenticatorApps';
import type { Catalog, Principal } from '../src/ports';
import type { Directory } from '../src/ports/directory';
import { AuditLog } from '../src/core/audit';
import { SignInSecurity } from '../src/core/signInSecurity';

// The enrolment use case over the cloud adapter, with Cognito's client replaced by a recorder:
// Cognito's answers to these calls cannot be had here, so the exact requests are asserted.
// (The same path against cognito-local, through the guard: signInSecurity.medium.test.ts.)
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';
const caller: Principal = { userId: 'user-1', email: 'dit@example.com', groups: ['media-managers'], address: '203.0.113.9' };

interface Sent {
  command: string;
  input: unknown;
}

function setUp(options: { owner?: string | Error; verify?: 'ok' | 'ERROR' | Error }) {
  const sent: Sent[] = [];
  const client = {
    send: async (command: VerifySoftwareTokenCommand | SetUserMFAPreferenceCommand) => {
      sent.push({ command: command.constructor.name, input: command.input });
      if (command instanceof VerifySoftwareTokenCommand) {
        if (options.verify instanceof Error) throw options.verify;
        return { Status: options.verify === 'ERROR' ? 'ERROR' : 'SUCCESS' };
      }
      enrolled = true;
      return {};
    },
  } as unknown as CognitoIdentityProviderClient;
  let enrolled = false;
  const owner = async (token: string) => {
    expect(token).toBe(ACCESS_TOKEN);
    if (options.owner instanceof Error) throw options.owner;
    return options.owner ?? caller.userId;
  };
  const audit: AuditEvent[] = [];
  const catalog = { appendAudit: async (event: AuditEvent) => void audit.push(event) } as unknown as Catalog;
  const directory = { mfaEnabled: async (id: string) => id === caller.userId && enrolled } as unknown as Directory;
  const clock = { now: () => new Date('2026-12-07T03:00:00Z') };
  const security = new SignInSecurity({
    directory,
    authenticators: new CognitoAuthenticatorApps(client, owner),
    store: { read: async () => null, write: async () => undefined },
    defaults: DEFAULT_SECURITY_SETTINGS,
    catalog: { userDisabled: async () => null },
    audit: new AuditLog({ catalog, clock }),
    clock,
  });
  return { security, sent, audit };
}

const verifyRequest = {
  command: 'VerifySoftwareTokenCommand',
  input: { AccessToken: ACCESS_TOKEN, UserCode: '123456', FriendlyDeviceName: 'Rushes' },
};

describe('verifying an enrolment code through the API', () => {
  it('verifies the code, turns the authenticator on with the same token, and records the enrolment', async () => {
    const { security, sent, audit } = setUp({});
    const status = await security.verifyEnrolment(caller, { code: '123456', accessToken: ACCESS_TOKEN });
    expect(status).toEqual({ required: true, enrolled: true });
    expect(sent).toEqual([
      verifyRequest,
      {
        command: 'SetUserMFAPreferenceCommand',
        input: { AccessToken: ACCESS_TOKEN, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } },
      },
    ]);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: caller.email,
        action: 'user.mfa-enrol',
        outcome: 'succeeded',
        target: caller.email,
        details: { userId: 'user-1', required: true },
        address: '203.0.113.9',
      }),
    ]);
  });

  it.each([
    ['Cognito', Object.assign(new Error('Code mismatch'), { name: 'EnableSoftwareTokenMFAException' })],
    ['cognito-local', Object.assign(new Error('Incorrect code'), { name: 'CodeMismatchException' })],
    ['a status of ERROR', 'ERROR' as const],
  ])('refuses a wrong code (%s), turns nothing on, and audits it as a failed enrolment code', async (_, verify) => {
    const { security, sent, audit } = setUp({ verify });
    const refused = security.verifyEnrolment(caller, { code: '123456', accessToken: ACCESS_TOKEN });
    await expect(refused).rejects.toMatchObject({ code: 'WRONG_CODE', field: 'body.code' });
    expect(sent).toEqual([verifyRequest]);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: caller.email,
        action: 'auth.mfa-failed',
        outcome: 'failed',
        target: caller.email,
        details: { step: 'enrolment' },
        address: '203.0.113.9',
      }),
    ]);
  });

  it("refuses another user's access token before any Cognito call, and audits the refusal", async () => {
    const { security, sent, audit } = setUp({ owner: 'user-2' });
    const refused = security.verifyEnrolment(caller, { code: '123456', accessToken: ACCESS_TOKEN });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'body.accessToken' });
    expect(sent).toEqual([]);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'user.mfa-enrol',
        outcome: 'denied',
        details: { userId: 'user-1', reason: 'the access token belongs to another user', tokenUser: 'user-2' },
      }),
    ]);
  });

  it('refuses a token the verifier rejects (expired, forged, an ID token) with 403, audited', async () => {
    const { security, sent, audit } = setUp({ owner: new DomainError('UNAUTHENTICATED', 'The session has expired; sign in again.') });
    const refused = security.verifyEnrolment(caller, { code: '123456', accessToken: ACCESS_TOKEN });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/expired/) });
    expect(sent).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ action: 'user.mfa-enrol', outcome: 'denied' })]);
  });

  it('answers a missing secret as a conflict and records nothing: it was no code guess', async () => {
    const notAssociated = Object.assign(new Error('User has not associated a software token'), { name: 'InvalidParameterException' });
    const { security, audit } = setUp({ verify: notAssociated });
    const refused = security.verifyEnrolment(caller, { code: '123456', accessToken: ACCESS_TOKEN });
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(audit).toEqual([]);
  });
});
