import { z } from 'zod';
import { AssetIdSchema } from './catalogApi';
import { DERIVED_FILES, type DerivedFile } from './proxySpec';

/**
 * Pictures of assets kept on disk by main (thumbnails, filmstrips, waveforms, still
 * previews), so a folder opened again shows them at once and nothing is fetched twice.
 * Main fetches a missing one through the API's ACL-checked media URLs and serves a kept one
 * only to the user who may read it. The renderer loads them from cachedMediaUrl (below).
 */

export const CachedDerivativeSchema = z.enum(['thumbnail', 'filmstrip', 'waveform', 'preview']);
export type CachedDerivative = z.infer<typeof CachedDerivativeSchema>;

/** Which derived file each cached picture is, so its extension and type come from one table. */
export const CACHED_DERIVED_FILE: Record<CachedDerivative, DerivedFile> = {
  thumbnail: 'thumbnail',
  filmstrip: 'filmstrip',
  waveform: 'waveform',
  preview: 'preview',
};

export const CachedMediaInputSchema = z
  .object({
    derivative: CachedDerivativeSchema,
    /** The version is part of the file's name: an asset ingest touched again gets fresh pictures. */
    assets: z
      .array(z.object({ id: AssetIdSchema, version: z.number().int().min(0) }).strict())
      .min(1, { message: 'Name at least one asset' })
      .max(500, { message: 'At most 500 assets at a time' }),
  })
  .strict();
export type CachedMediaInput = z.input<typeof CachedMediaInputSchema>;

export interface CachedMediaResponse {
  /** One per asset asked for, in order; file is null when it has no such picture or may not be read. */
  items: { id: string; file: string | null }[];
}

/** A cached file's name: `<asset id>@<version>.<derivative>.<ext>`; nothing else is ever served. */
export const CachedFileNamePattern = /^([A-Za-z0-9_-]{8,64})@(\d{1,12})\.(thumbnail|filmstrip|waveform|preview)\.(jpg|png)$/;

export function cachedFileName(id: string, version: number, derivative: CachedDerivative): string {
  const { name } = DERIVED_FILES[CACHED_DERIVED_FILE[derivative]];
  return `${id}@${version}.${derivative}${name.slice(name.lastIndexOf('.'))}`;
}

/** Electron serves cached files on this scheme (`rushes-media://cache/<name>`); web mode under MEDIA_CACHE_WEB_PATH. */
export const MEDIA_CACHE_SCHEME = 'rushes-media';
export const MEDIA_CACHE_WEB_PATH = '/media-cache/';

export const mediaCacheApiInputs = {
  cachedMedia: z.tuple([CachedMediaInputSchema]),
} as const;

export interface MediaCacheDesktopApi {
  /** Names of cached pictures for these assets, fetched first where missing. */
  cachedMedia(input: CachedMediaInput): Promise<CachedMediaResponse>;
}
