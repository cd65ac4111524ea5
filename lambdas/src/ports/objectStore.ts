/** One object in the media bucket, as storage reports it. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
}

/**
 * The media bucket. S3 in the cloud; s3rver (or any S3-compatible store) in local mode; one
 * adapter chosen by configuration.
 */
export interface ObjectStore {
  /** The bucket's name: a transfer manifest names the bucket its keys are in. */
  readonly bucket: string;
  head(key: string): Promise<StoredObject | null>;
  /** Server-side copy; objects over 5 GB are copied in parts where the store can. */
  copy(fromKey: string, toKey: string, size: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every object under a prefix (`` for all), in key order; with `startAfter`, only keys after it. */
  list(prefix: string, options?: { startAfter?: string }): AsyncIterable<StoredObject>;
  /** The object's bytes as a stream; null when there is no such object. */
  read(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Writes a small object whole (a transfer manifest), replacing any there. */
  putText(key: string, text: string, contentType: string): Promise<void>;
  /** A GET URL for one object, valid for `expiresInSeconds`, saved under `downloadName`. */
  presignGet(key: string, options: { expiresInSeconds: number; downloadName: string }): Promise<string>;
}
