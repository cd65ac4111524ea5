/** The authenticated caller of a use case, as the token verifier established it. */
export interface Principal {
  /** Cognito `sub`: stable even if the email changes. */
  userId: string;
  email: string;
  groups: readonly string[];
}
