import { z } from 'zod';
import { AssetViewSchema } from './catalogApi';
import { NoBody, route } from './routeSpec';
import { MAX_SEARCH_LENGTH, parseSearch } from './searchQuery';

/** A search in the query language (searchQuery.ts), parsed here so a bad one names its field. */
export const SearchTextSchema = z
  .string()
  .max(MAX_SEARCH_LENGTH)
  .transform((value, ctx) => {
    const parsed = parseSearch(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.value;
  });

export const MAX_SEARCH_RESULTS = 500;

export const SearchQuerySchema = z
  .object({
    q: SearchTextSchema,
    limit: z.coerce.number().int().min(1).max(MAX_SEARCH_RESULTS).default(100),
  })
  .strict();

export const SearchResponseSchema = z.object({
  /** Assets in folders the caller may read, by name. */
  assets: z.array(AssetViewSchema),
  /** More matched than `limit`. */
  truncated: z.boolean(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** Search: for web mode and the cloud; the desktop answers from its local cache. */
export const searchRoutes = {
  search: route({ method: 'GET', path: '/v1/search', auth: true, query: SearchQuerySchema, body: NoBody, response: SearchResponseSchema }),
} as const;
