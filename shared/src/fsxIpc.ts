import { z } from 'zod';
import {
  StartTransferBodySchema,
  TransferIdBodySchema,
  TransferIdQuerySchema,
  TransferListQuerySchema,
  UpdateWorkstationBodySchema,
  WorkstationBodySchema,
  WorkstationIdBodySchema,
  type StartTransferBody,
  type TransferJob,
  type UpdateWorkstationBody,
  type WorkstationBody,
  type WorkstationList,
  type WorkstationView,
} from './fsxApi';

/** Workstations and S3 ↔ edit-share transfers: DesktopApi's part (see ipc.ts), one API call each. */

const none = z.tuple([]);

/** What main pushes about edit-share jobs while any runs (the `fsxJobs` event). */
export interface FsxJobsUpdate {
  jobs: TransferJob[];
  /** True when `jobs` is the newest page of the list, which replaces the one the renderer holds. */
  listed: boolean;
  /** Why main could not ask this time (it goes on asking); null when it could. */
  error: string | null;
}

export const fsxApiInputs = {
  listWorkstations: none,
  createWorkstation: z.tuple([WorkstationBodySchema]),
  updateWorkstation: z.tuple([UpdateWorkstationBodySchema]),
  deleteWorkstation: z.tuple([WorkstationIdBodySchema]),
  startTransfer: z.tuple([StartTransferBodySchema]),
  listTransfers: z.tuple([TransferListQuerySchema]),
  transferDetail: z.tuple([TransferIdQuerySchema]),
  cancelTransfer: z.tuple([TransferIdBodySchema]),
} as const;

export interface FsxDesktopApi {
  listWorkstations(): Promise<WorkstationList>;
  createWorkstation(input: WorkstationBody): Promise<WorkstationView>;
  updateWorkstation(input: UpdateWorkstationBody): Promise<WorkstationView>;
  deleteWorkstation(input: { id: string }): Promise<{ id: string }>;
  startTransfer(input: StartTransferBody): Promise<TransferJob>;
  listTransfers(input: { limit?: number; cursor?: string }): Promise<{ jobs: TransferJob[]; nextCursor: string | null }>;
  transferDetail(input: { id: string }): Promise<TransferJob>;
  cancelTransfer(input: { id: string }): Promise<TransferJob>;
}
