export type { Principal } from './principal';
export type { TokenVerifier } from './tokenVerifier';
export { systemClock, type Clock } from './clock';
export {
  CatalogConflict,
  CatalogNotFound,
  type AssetQuery,
  type AssetSortField,
  type AuditQuery,
  type Catalog,
  type CatalogAsset,
  type CatalogFolder,
  type Change,
  type DisabledMark,
  type ChangeKind,
  type CustodyGeneration,
  type FolderPatch,
  type Page,
  type SearchScope,
  type TakeUpdate,
  type TrashMark,
  type TransferQuery,
} from './catalog';
export type { ObjectStore, StoredObject } from './objectStore';
export type { UploadCredentials } from './uploadCredentials';
export type { MediaProbe, ProbeResult, ProbedStream } from './mediaProbe';
export {
  MediaUnusable,
  type BurnInPlan,
  type DerivativePlan,
  type GradedPlan,
  type TranscodeRequest,
  type TranscodeResult,
  type Transcoder,
} from './transcoder';
export { TransferRefused, type TransferExecutor, type TransferLaunch, type TransferReports } from './transferExecutor';
export type { SecuritySettingsStore } from './securitySettings';
export type { AuthenticatorApps } from './authenticatorApps';
