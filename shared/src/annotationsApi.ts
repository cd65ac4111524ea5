import { z } from 'zod';
import { AssetIdSchema, AssetViewSchema } from './catalogApi';
import type { Asset } from './domain';
import { NoQuery, route } from './routeSpec';

/** Tags and notes on assets: editable by whoever may change the asset's folder. */
export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 40;
export const MAX_NOTES_LENGTH = 4000;

export const TagSchema = z
  .string()
  .transform((value) => value.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, { message: 'a tag cannot be empty' })
      .max(MAX_TAG_LENGTH, { message: `a tag has at most ${MAX_TAG_LENGTH} characters` })
      .refine((value) => !/[\p{Cc}]/u.test(value), { message: 'a tag cannot hold control characters' }),
  );

export const AnnotateAssetBodySchema = z
  .object({
    id: AssetIdSchema,
    version: z.number().int().positive(),
    /** Duplicates (ignoring case) are dropped, the first spelling kept. */
    tags: z
      .array(TagSchema)
      .max(MAX_TAGS, { message: `at most ${MAX_TAGS} tags` })
      .transform((tags) => tags.filter((tag, index) => tags.findIndex((other) => other.toLowerCase() === tag.toLowerCase()) === index)),
    notes: z
      .string()
      .max(MAX_NOTES_LENGTH, { message: `notes have at most ${MAX_NOTES_LENGTH} characters` })
      .transform((value) => value.normalize('NFC').trim()),
  })
  .strict();
export type AnnotateAssetBody = z.input<typeof AnnotateAssetBodySchema>;

/** Whether an asset carries any tag or note (empty ones are stored as none). */
export function hasAnnotations(asset: Pick<Asset, 'annotations'>): boolean {
  return asset.annotations !== undefined && (asset.annotations.tags.length > 0 || asset.annotations.notes !== '');
}

export const annotationRoutes = {
  annotateAsset: route({
    method: 'POST',
    path: '/v1/assets/annotate',
    auth: true,
    query: NoQuery,
    body: AnnotateAssetBodySchema,
    response: AssetViewSchema,
  }),
} as const;
