import { z } from 'zod';
import type { AuditEvent } from '@rushes/shared';

/**
 * Amazon Cognito's user-activity log (threat protection, Plus plan): one JSON record per
 * authentication event, exported with `EventSource: userAuthEvents` and `LogLevel: INFO`.
 * The envelope names the source and the time; `message` carries what the
 * AdminListUserAuthEvents API calls an AuthEventType, with camel-case names: the event's id
 * and type, the user, whether it passed, each challenge (`Password`, `Mfa`) with its result,
 * the risk decision, and the client's address. Only what the audit needs is required; every
 * other field Cognito adds is kept out of the way, not refused.
 */
const Challenge = z.object({
  challengeType: z.string().min(1),
  challengeResult: z.string().min(1),
});

export const CognitoAuthEventSchema = z.object({
  eventSource: z.literal('USER_AUTH_EVENTS'),
  logLevel: z.string().optional(),
  /** Milliseconds since the epoch. */
  eventTimestamp: z.number().int().nonnegative().optional(),
  message: z.object({
    eventId: z.string().min(1),
    /** SignIn, SignUp, ForgotPassword, PasswordChange, ResendCode. */
    eventType: z.string().min(1),
    /** The pool's username: in Rushes' pool (sign-in by e-mail) the user's `sub`. */
    userName: z.string().min(1),
    userSub: z.string().optional(),
    /** Pass, Fail or InProgress. */
    eventResponse: z.string().min(1),
    /** PASS, BLOCK, ACCOUNT_TAKEOVER (and the API's NoRisk / Block / AccountTakeover spellings). */
    riskDecision: z.string().optional(),
    riskLevel: z.string().optional(),
    challenges: z.array(Challenge).optional(),
    ipAddress: z.string().optional(),
    /** Cognito writes "true"/"false" as text; a boolean is read the same way. */
    compromisedCredentialDetected: z.union([z.string(), z.boolean()]).optional(),
  }),
});
export type CognitoAuthEvent = z.infer<typeof CognitoAuthEventSchema>;

/** The audit entry an event becomes, or why it is not one. */
export type SignInAudit =
  | { kind: 'record'; event: Omit<AuditEvent, 'actor' | 'target'>; userName: string; userSub: string | null }
  | { kind: 'ignored'; reason: string };

/**
 * Maps one Cognito auth event to the audit actions local mode's sign-in guard writes:
 * - a sign-in Cognito blocked (threat protection's BLOCK decision, compromised credentials
 *   among them), or refused before any challenge was asked (the account is temporarily
 *   locked after too many wrong passwords, or disabled) → `auth.locked`, denied;
 * - a wrong authenticator code → `auth.mfa-failed`, failed, step `sign-in`;
 * - a wrong password → `auth.password-failed`, failed.
 * Successful and unfinished sign-ins, and events of other kinds, are not recorded: the API's
 * own audit says what a signed-in user did. `at` is when Cognito saw the event; the id is
 * derived from Cognito's event id, so a batch delivered twice writes nothing the second time.
 */
export function signInAudit(record: CognitoAuthEvent, deliveredAt: number): SignInAudit {
  const message = record.message;
  if (message.eventType !== 'SignIn') return { kind: 'ignored', reason: `event type ${message.eventType}` };
  const response = message.eventResponse.toLowerCase();
  if (response === 'pass') return { kind: 'ignored', reason: 'a successful sign-in' };
  if (response === 'inprogress') return { kind: 'ignored', reason: 'a sign-in still waiting for a challenge' };
  const at = new Date(record.eventTimestamp ?? deliveredAt).toISOString();
  const base = {
    id: `cognito-${message.eventId}`,
    at,
    address: message.ipAddress || null,
  };
  const who = { userName: message.userName, userSub: message.userSub || null };
  const failed = (type: string) =>
    (message.challenges ?? []).some(
      (challenge) => challenge.challengeType.toLowerCase() === type && /^(failure|fail|wrong)/i.test(challenge.challengeResult),
    );
  const decision = (message.riskDecision ?? '').toLowerCase();
  const compromised = String(message.compromisedCredentialDetected ?? 'false').toLowerCase() === 'true';

  if (decision === 'block') {
    return {
      kind: 'record',
      ...who,
      event: {
        ...base,
        action: 'auth.locked',
        outcome: 'denied',
        details: {
          reason: compromised ? 'compromised credentials' : 'threat protection blocked the sign-in',
          ...(message.riskLevel ? { riskLevel: message.riskLevel } : {}),
          source: 'cognito',
        },
      },
    };
  }
  if (failed('mfa')) {
    return {
      kind: 'record',
      ...who,
      event: { ...base, action: 'auth.mfa-failed', outcome: 'failed', details: { step: 'sign-in', source: 'cognito' } },
    };
  }
  if (failed('password')) {
    return {
      kind: 'record',
      ...who,
      event: { ...base, action: 'auth.password-failed', outcome: 'failed', details: { source: 'cognito' } },
    };
  }
  if (response === 'fail' && (message.challenges ?? []).length === 0) {
    return {
      kind: 'record',
      ...who,
      event: {
        ...base,
        action: 'auth.locked',
        outcome: 'denied',
        details: { reason: 'refused before any challenge (too many wrong attempts, or a disabled account)', source: 'cognito' },
      },
    };
  }
  return { kind: 'ignored', reason: `a failed sign-in with no failed challenge (${describeChallenges(message.challenges)})` };
}

function describeChallenges(challenges: CognitoAuthEvent['message']['challenges']): string {
  return (challenges ?? []).map((challenge) => `${challenge.challengeType}: ${challenge.challengeResult}`).join(', ') || 'none';
}
