import type { Principal as DomainPrincipal } from '@rushes/shared';

/** The authenticated caller of a use case: the domain's principal plus a stable user id. */
export interface Principal extends DomainPrincipal {
  /** Cognito `sub`: stable even if the email changes. */
  readonly userId: string;
  /**
   * The network address the request came from, for the audit log: set by the router from
   * what the transport saw, never from a header the client wrote. Absent off the API.
   */
  readonly address?: string;
}
