import { z } from 'zod';
import { AnnotateAssetBodySchema, type AnnotateAssetBody } from './annotationsApi';
import type { AssetView } from './catalogApi';
import { MAX_SEARCH_RESULTS, type SearchResponse } from './searchApi';
import { MAX_SEARCH_LENGTH } from './searchQuery';

/** The search part of DesktopApi (see ipc.ts). The text is parsed by main with parseSearch. */
export const SearchInputSchema = z
  .object({
    q: z.string().max(MAX_SEARCH_LENGTH),
    limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).default(100),
  })
  .strict();
export type SearchInput = z.input<typeof SearchInputSchema>;

export interface SearchResults extends SearchResponse {
  /** Answered by the local cache, or by the server while the cache is still filling. */
  source: 'cache' | 'server';
}

export const searchApiInputs = {
  searchAssets: z.tuple([SearchInputSchema]),
  annotateAsset: z.tuple([AnnotateAssetBodySchema]),
} as const;

export interface SearchDesktopApi {
  searchAssets(input: SearchInput): Promise<SearchResults>;
  /** Sets an asset's tags and notes (POST /v1/assets/annotate). */
  annotateAsset(input: AnnotateAssetBody): Promise<AssetView>;
}
