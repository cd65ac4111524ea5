import { z } from 'zod';

/**
 * Every error a user or client can see has one of these codes. The HTTP status lives here
 * so the API maps a DomainError to a response in exactly one place.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** The caller's groups must use two-step sign-in and they have not set it up: only enrolment is open. */
  MFA_ENROLMENT_REQUIRED: 403,
  // Sign-in outcomes the desktop shows in its own words; never sent by the API.
  WRONG_CREDENTIALS: 401,
  PASSWORD_POLICY: 400,
  NEW_PASSWORD_REQUIRED: 409,
  USER_DISABLED: 403,
  SESSION_EXPIRED: 401,
  NETWORK: 503,
  /** Too many wrong passwords or codes: the identity service refuses this account for a while. */
  ACCOUNT_LOCKED: 429,
  /**
   * The authenticator code was wrong. Also sent by the API (POST /v1/security/mfa/verify):
   * 400, not 401, because the desktop's client refreshes the session and sends again on a 401.
   */
  WRONG_CODE: 400,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as ErrorCode[];
export const ErrorCodeSchema = z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]);

/** The JSON body of every non-2xx API response, and of every failed DesktopApi call. */
export const ErrorInfoSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** The request field at fault, as a dotted path (`body.name`), when there is one. */
  field: z.string().optional(),
  requestId: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
export const ErrorBodySchema = z.object({ error: ErrorInfoSchema });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An expected failure: thrown by use cases, mapped to a response by the edge. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toInfo(): ErrorInfo {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Turns a zod failure into one readable sentence that names the bad field. */
export function validationError(error: z.ZodError, prefix: string): DomainError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const message = issue ? `${path || 'input'}: ${issue.message}` : 'invalid input';
  return new DomainError('VALIDATION_FAILED', message, path || undefined);
}
