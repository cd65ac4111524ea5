import { z } from 'zod';
import type { CognitoTokenConfig } from '../adapters/jwtVerifier';

/** Lambda environment, parsed and validated once at cold start (STYLE.md rule 6). */
const CloudEnv = z.object({
  AWS_REGION: z.string().min(1),
  RUSHES_USER_POOL_ID: z.string().min(1),
  RUSHES_APP_CLIENT_ID: z.string().min(1),
  RUSHES_VERSION: z.string().default('0.0.0'),
});

export interface CloudConfig {
  token: CognitoTokenConfig;
  version: string;
}

export function readCloudConfig(env: Record<string, string | undefined>): CloudConfig {
  const parsed = CloudEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Lambda environment is incomplete: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const e = parsed.data;
  const issuer = `https://cognito-idp.${e.AWS_REGION}.amazonaws.com/${e.RUSHES_USER_POOL_ID}`;
  return {
    token: { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: e.RUSHES_APP_CLIENT_ID },
    version: e.RUSHES_VERSION,
  };
}
