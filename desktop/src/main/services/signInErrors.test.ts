import { CodeMismatchException, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { toSignInError } from './session';

const refusal = (message: string) => new NotAuthorizedException({ message, $metadata: {} });

describe('toSignInError: Cognito and the local stand-in in the sign-in screen’s words', () => {
  it('says until when a locked account may try again, where the identity service tells', () => {
    const error = toSignInError(refusal('Password attempts exceeded. Try again after 2026-12-06T23:15:00.000Z.'));
    expect(error.code).toBe('ACCOUNT_LOCKED');
    const local = new Date('2026-12-06T23:15:00.000Z').toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(error.message).toBe(`Too many wrong passwords or codes: this account is locked. Try again after ${local}, or ask an admin.`);
  });

  it("gives Amazon Cognito's own lockout, which names no time, the longest it lasts", () => {
    const error = toSignInError(refusal('Password attempts exceeded'));
    expect([error.code, error.message]).toEqual([
      'ACCOUNT_LOCKED',
      'Too many wrong passwords or codes: this account is locked. Try again in 15 minutes, or ask an admin.',
    ]);
  });

  it('marks a wrong authenticator code on the code field, and an expired code step as a new sign-in', () => {
    const wrong = toSignInError(
      new CodeMismatchException({ message: 'Invalid code or auth state for the user.', $metadata: {} }),
      'mfaCode',
    );
    expect([wrong.code, wrong.field]).toEqual(['WRONG_CODE', 'code']);
    const expired = toSignInError(refusal('Invalid session for the user, session is expired.'), 'mfaCode');
    expect(expired.code).toBe('SESSION_EXPIRED');
    expect(toSignInError(refusal('Incorrect username or password.')).code).toBe('WRONG_CREDENTIALS');
  });
});
