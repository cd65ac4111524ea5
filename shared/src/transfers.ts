/**
 * Transfers between this computer and the library, as the renderer's transfer panel shows
 * them. Uploads and downloads are run by separate main-side managers; both report in this
 * one shape so the panel treats them alike.
 */

export type TransferKind = 'upload' | 'download';

export type TransferState = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';

export interface TransferView {
  readonly id: string;
  readonly kind: TransferKind;
  /** The file's name as the user knows it. */
  readonly name: string;
  /** Uploads: the library folder it goes to. Downloads: the local folder it goes to. */
  readonly destination: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly state: TransferState;
  /** Why it failed, in words a person can act on; null unless `failed`. */
  readonly error: string | null;
  /** Smoothed over the last few seconds; 0 when not running. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current speed; null when unknown or not running. */
  readonly etaSeconds: number | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /**
   * Uploads of a card: what recording its ASC MHL generation found for this file. `mismatch`
   * (the card's own MHL lists other bytes) and `invalid` (the card's MHL could not be read)
   * must be shown loudly; `failed` means the generation could not be recorded.
   */
  readonly custody?: { readonly state: 'recorded' | 'mismatch' | 'invalid' | 'failed'; readonly message: string } | null;
}

/** A state a transfer does not leave by itself. */
export function isFinished(state: TransferState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}
