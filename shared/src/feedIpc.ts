import type { AssetView } from './catalogApi';

/**
 * The rows one page of the change feed touched, read once in main (the batch route) and
 * pushed to the renderer with the page, so a listing patches rows instead of listing again.
 */
export interface FeedRows {
  /** Assets the page put, as this user may see them now: a moved asset names its new folder. */
  changed: AssetView[];
  /** Asset ids the page removed, or put but gone, trashed or hidden from this user by the time they were read. */
  gone: string[];
}
