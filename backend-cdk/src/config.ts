import { RemovalPolicy } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/** The deploy's choices, read once from CDK context (`-c name=value` or cdk.json). */
export interface RushesContext {
  /** Names stacks and resources: `Rushes-<env>-Storage`. Letters, digits and hyphens. */
  envName: string;
  /** The first admin, created with a temporary password that Cognito e-mails; none when absent. */
  adminEmail: string | null;
  /** `retain` (default) keeps buckets, the table and the user pool when a stack is deleted. */
  removalPolicy: RemovalPolicy;
  /** Browser origins that may read presigned derivatives (web mode, the Electron page). */
  appOrigins: string[];
  /** `rushes-<envName>`: names the user pool, the API and MediaConvert jobs of this deploy. */
  resourceName: string;
}

export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:4780', 'http://localhost:4780', 'file://'];

export class ContextError extends Error {
  override name = 'ContextError';
}

export function readContext(node: Pick<Node, 'tryGetContext'>): RushesContext {
  const envName = String(node.tryGetContext('envName') ?? 'dev');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(envName)) {
    throw new ContextError(`envName "${envName}" is not valid: start with a letter; letters, digits and hyphens, at most 20.`);
  }
  const adminRaw = node.tryGetContext('adminEmail') as unknown;
  const adminEmail = typeof adminRaw === 'string' && adminRaw.trim() !== '' ? adminRaw.trim().toLowerCase() : null;
  if (adminEmail !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ContextError(`adminEmail "${adminEmail}" is not an e-mail address.`);
  }
  const removal = String(node.tryGetContext('removalPolicy') ?? 'retain');
  if (removal !== 'retain' && removal !== 'destroy') {
    throw new ContextError(`removalPolicy "${removal}" is not valid: use retain or destroy.`);
  }
  const originsRaw = node.tryGetContext('appOrigins') as unknown;
  const appOrigins =
    typeof originsRaw === 'string'
      ? originsRaw
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : Array.isArray(originsRaw)
        ? originsRaw.map(String)
        : DEFAULT_APP_ORIGINS;
  if (appOrigins.some((origin) => origin === '*')) throw new ContextError('appOrigins may not be "*": name each origin.');
  return {
    envName,
    adminEmail,
    removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    appOrigins,
    resourceName: `rushes-${envName}`,
  };
}
