import { z } from 'zod';
import { AssetIdSchema } from './catalogApi';
import { NoQuery, route } from './routeSpec';

/**
 * What the desktop shows of an asset besides its name: short-lived GET URLs of the
 * derivatives ingest made (thumbnail, filmstrip, proxy, waveform, preview). The same ACL
 * check as a download: an asset the caller may not read answers 404, like a missing one.
 */

export const DerivativeNameSchema = z.enum(['proxy', 'thumbnail', 'filmstrip', 'waveform', 'preview']);

export const MediaUrlsBodySchema = z
  .object({
    /** A card view asks for a page of thumbnails at once. */
    ids: z.array(AssetIdSchema).min(1).max(500),
    /** Only these derivatives (say, thumbnails for a grid); all when absent. */
    only: z.array(DerivativeNameSchema).min(1).max(5).optional(),
    /**
     * Proxy, thumbnail and filmstrip through the folder's look (`look`, where one was made) or
     * as the camera recorded them (`asShot`).
     */
    variant: z.enum(['look', 'asShot']).default('look'),
  })
  .strict();

const Url = z.string().nullable();

export const MediaUrlsResponseSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      /** null when there is none (not made yet, cannot be made, or not asked for). */
      proxy: Url,
      thumbnail: Url,
      filmstrip: Url,
      waveform: Url,
      preview: Url,
      /** Whether graded derivatives exist, so a player can offer "as shot / with look". */
      lookAvailable: z.boolean(),
    }),
  ),
  /** Every URL stops working then; ask again. */
  expiresAt: z.string(),
});
export type MediaUrlsResponse = z.infer<typeof MediaUrlsResponseSchema>;

/** The media routes. */
export const mediaRoutes = {
  mediaUrls: route({
    method: 'POST',
    path: '/v1/assets/media-urls',
    auth: true,
    query: NoQuery,
    body: MediaUrlsBodySchema,
    response: MediaUrlsResponseSchema,
  }),
} as const;
