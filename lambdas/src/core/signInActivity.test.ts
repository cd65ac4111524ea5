import { describe, expect, it } from 'vitest';
import { authEventRecord } from '../../test/support/cognitoActivity';
import { CognitoAuthEventSchema, signInAudit } from './signInActivity';

const parse = (record: Record<string, unknown>) => CognitoAuthEventSchema.parse(record);
const AT = Date.UTC(2026, 11, 7, 1, 2, 3, 456);

describe("Cognito's user-activity records → audit actions", () => {
  it('a wrong password is auth.password-failed, at the time Cognito saw it, from its address', () => {
    const record = parse(
      authEventRecord({ eventId: 'e-1', eventResponse: 'Fail', challenges: [{ challengeType: 'Password', challengeResult: 'Failure' }] }),
    );
    expect(signInAudit(record, 0)).toEqual({
      kind: 'record',
      userName: record.message.userName,
      userSub: record.message.userSub,
      event: {
        id: 'cognito-e-1',
        at: new Date(AT).toISOString(),
        address: '198.51.100.24',
        action: 'auth.password-failed',
        outcome: 'failed',
        details: { source: 'cognito' },
      },
    });
  });

  it('a wrong authenticator code after the right password is auth.mfa-failed at sign-in', () => {
    const record = parse(
      authEventRecord({
        eventId: 'e-2',
        eventResponse: 'Fail',
        challenges: [
          { challengeType: 'Password', challengeResult: 'Success' },
          { challengeType: 'Mfa', challengeResult: 'Failure' },
        ],
      }),
    );
    expect(signInAudit(record, 0)).toMatchObject({ event: { action: 'auth.mfa-failed', outcome: 'failed', details: { step: 'sign-in' } } });
  });

  it('a sign-in threat protection blocks is auth.locked, saying why', () => {
    const blocked = parse(
      authEventRecord({
        eventId: 'e-3',
        eventResponse: 'Fail',
        riskDecision: 'BLOCK',
        compromised: true,
        challenges: [{ challengeType: 'Password', challengeResult: 'Success' }],
      }),
    );
    expect(signInAudit(blocked, 0)).toMatchObject({
      event: { action: 'auth.locked', outcome: 'denied', details: { reason: 'compromised credentials', riskLevel: 'HIGH' } },
    });
  });

  it('a sign-in refused before any challenge (the account is temporarily locked) is auth.locked', () => {
    const refused = parse(authEventRecord({ eventId: 'e-4', eventResponse: 'Fail', challenges: [] }));
    expect(signInAudit(refused, 0)).toMatchObject({ event: { action: 'auth.locked', outcome: 'denied' } });
  });

  it('successes, sign-ins still waiting for a code and other event types are not recorded', () => {
    const pass = parse(
      authEventRecord({ eventId: 'e-5', eventResponse: 'Pass', challenges: [{ challengeType: 'Password', challengeResult: 'Success' }] }),
    );
    const waiting = parse(
      authEventRecord({
        eventId: 'e-6',
        eventResponse: 'InProgress',
        challenges: [{ challengeType: 'Password', challengeResult: 'Success' }],
      }),
    );
    const forgot = parse(authEventRecord({ eventId: 'e-7', eventType: 'ForgotPassword', eventResponse: 'Fail', challenges: [] }));
    expect([pass, waiting, forgot].map((record) => signInAudit(record, 0).kind)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('uses the delivery time when the record has none', () => {
    const record = authEventRecord({
      eventId: 'e-8',
      eventResponse: 'Fail',
      challenges: [{ challengeType: 'Password', challengeResult: 'Failure' }],
    });
    delete record['eventTimestamp'];
    expect(signInAudit(parse(record), Date.UTC(2026, 0, 2))).toMatchObject({ event: { at: '2026-01-02T00:00:00.000Z' } });
  });

  it('refuses a record without the fields the audit needs, naming the field', () => {
    const record = authEventRecord({ eventId: 'e-9', eventResponse: 'Fail', challenges: [] });
    delete (record['message'] as Record<string, unknown>)['userName'];
    const parsed = CognitoAuthEventSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['message', 'userName']);
    expect(CognitoAuthEventSchema.safeParse({ ...record, eventSource: 'USER_NOTIFICATION' }).success).toBe(false);
  });
});
