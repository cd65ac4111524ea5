import { z } from 'zod';

/**
 * Everything the desktop needs to reach a backend. Local mode writes one at start; the cloud
 * stack's outputs become one. Endpoints are only set for stand-ins or S3-compatible stores.
 */
export const ConnectionProfileSchema = z.object({
  mode: z.enum(['local', 'cloud']),
  region: z.string().min(1),
  apiUrl: z.url(),
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
