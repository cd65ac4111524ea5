import { z } from 'zod';
import {
  StartTransferBodySchema,
  TransferIdBodySchema,
  TransferIdQuerySchema,
  TransferListQuerySchema,
  type StartTransferBody,
  type TransferJob,
} from './fsxApi';

/**
 * S3 ↔ edit-share transfers: DesktopApi's part (see ipc.ts), one API call each, and main
 * follows every job they show running (the `fsxJobs` event). Workstations only forward
 * their routes (routeIpc.ts).
 */

/** What main pushes about edit-share jobs while any runs (the `fsxJobs` event). */
export interface FsxJobsUpdate {
  jobs: TransferJob[];
  /** True when `jobs` is the newest page of the list, which replaces the one the renderer holds. */
  listed: boolean;
  /** Why main could not ask this time (it goes on asking); null when it could. */
  error: string | null;
}

export const fsxApiInputs = {
  startTransfer: z.tuple([StartTransferBodySchema]),
  listTransfers: z.tuple([TransferListQuerySchema]),
  transferDetail: z.tuple([TransferIdQuerySchema]),
  cancelTransfer: z.tuple([TransferIdBodySchema]),
} as const;

export interface FsxDesktopApi {
  startTransfer(input: StartTransferBody): Promise<TransferJob>;
  listTransfers(input: { limit?: number; cursor?: string }): Promise<{ jobs: TransferJob[]; nextCursor: string | null }>;
  transferDetail(input: { id: string }): Promise<TransferJob>;
  cancelTransfer(input: { id: string }): Promise<TransferJob>;
}
