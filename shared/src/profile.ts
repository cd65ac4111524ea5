import { z } from 'zod';

/**
 * Everything the desktop needs to reach a backend. Local mode writes one at start; the cloud
 * stack's outputs become one. Endpoints are only set for stand-ins or S3-compatible stores.
 */
export const ConnectionProfileSchema = z.object({
  mode: z.enum(['local', 'cloud']),
  region: z.string().min(1),
  apiUrl: z.url(),
  /**
   * The change feed's push channel (ws:// locally, wss:// in the cloud). Optional: a profile
   * written before it existed keeps working by polling the feed.
   */
  pushUrl: z.url({ protocol: /^wss?$/ }).optional(),
  cognito: z.object({
    endpoint: z.url().optional(),
    userPoolId: z.string().min(1),
    clientId: z.string().min(1),
  }),
  s3: z.object({
    endpoint: z.url().optional(),
    forcePathStyle: z.boolean(),
    mediaBucket: z.string().min(3),
    derivedBucket: z.string().min(3),
  }),
});
export type ConnectionProfile = z.infer<typeof ConnectionProfileSchema>;

/**
 * The CloudFormation outputs the cloud stacks publish, and how they become a connection
 * profile. `cdk deploy --outputs-file` writes `{ StackName: { OutputName: value } }`.
 */
export const outputNames = {
  region: 'Region',
  apiUrl: 'ApiUrl',
  pushUrl: 'PushUrl',
  userPoolId: 'UserPoolId',
  appClientId: 'AppClientId',
  mediaBucket: 'MediaBucketName',
  derivedBucket: 'DerivedBucketName',
} as const;

export function profileFromOutputs(outputsFile: Record<string, Record<string, string>>): ConnectionProfile {
  const merged: Record<string, string> = Object.assign({}, ...Object.values(outputsFile));
  const need = (key: keyof typeof outputNames): string => {
    const value = merged[outputNames[key]];
    if (!value) throw new Error(`The stack outputs have no ${outputNames[key]}; deploy every Rushes stack first.`);
    return value;
  };
  const pushUrl = merged[outputNames.pushUrl];
  return ConnectionProfileSchema.parse({
    mode: 'cloud',
    region: need('region'),
    apiUrl: need('apiUrl'),
    ...(pushUrl ? { pushUrl } : {}),
    cognito: { userPoolId: need('userPoolId'), clientId: need('appClientId') },
    s3: { forcePathStyle: false, mediaBucket: need('mediaBucket'), derivedBucket: need('derivedBucket') },
  });
}

export type ParsedProfile = { ok: true; profile: ConnectionProfile } | { ok: false; field: string | undefined; message: string };

/**
 * A connection profile a person imports (a file or pasted text): the profile itself, or the
 * outputs file `cdk deploy --outputs-file` wrote. Errors name the field. A cloud profile must
 * reach its API over HTTPS: sign-in tokens travel to it.
 */
export function parseConnectionProfile(text: string): ParsedProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, field: undefined, message: 'This is not a connection profile: it is not valid JSON.' };
  }
  if (isOutputsFile(json)) {
    try {
      json = profileFromOutputs(json);
    } catch (error) {
      return { ok: false, field: undefined, message: (error as Error).message };
    }
  }
  const parsed = ConnectionProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    const problem =
      issue?.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'missing' : (issue?.message ?? 'unknown problem');
    return { ok: false, field, message: `The connection profile is not valid: ${field ?? 'the profile'}: ${problem}.` };
  }
  if (parsed.data.mode === 'cloud' && !parsed.data.apiUrl.startsWith('https://')) {
    return { ok: false, field: 'apiUrl', message: 'The connection profile is not valid: apiUrl: a cloud API must use https://.' };
  }
  if (parsed.data.mode === 'cloud' && parsed.data.pushUrl !== undefined && !parsed.data.pushUrl.startsWith('wss://')) {
    return { ok: false, field: 'pushUrl', message: 'The connection profile is not valid: pushUrl: a cloud push channel must use wss://.' };
  }
  return { ok: true, profile: parsed.data };
}

/** `{ "Rushes-prod-Api": { "ApiUrl": "…" }, … }`: objects of strings, one of them holding an output name. */
function isOutputsFile(json: unknown): json is Record<string, Record<string, string>> {
  if (typeof json !== 'object' || json === null || 'mode' in json) return false;
  const stacks = Object.values(json);
  return (
    stacks.length > 0 &&
    stacks.every((stack) => typeof stack === 'object' && stack !== null && Object.values(stack).every((v) => typeof v === 'string')) &&
    stacks.some((stack) => Object.values(outputNames).some((name) => name in (stack as object)))
  );
}
