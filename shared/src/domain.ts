/**
 * The things Rushes is about, as plain data shared by the backend, the desktop app and the
 * API contract. No logic lives here; the rules are in names.ts, mediaTypes.ts and
 * permissions.ts.
 *
 * Conventions: times are ISO 8601 strings in UTC (`2025-01-31T09:30:00.000Z`); sizes are
 * bytes; keys and folder paths follow names.ts (`Show/Day/clip.mov`, `Show/Day/`, root ``);
 * people are identified by their e-mail address, as in Cognito and the audit log.
 */
import type { TransferJobFileState, TransferJobState, WorkstationPlatform } from './fsxApi';
import type { Derivative, MediaKind } from './mediaTypes';
import type { AssetReview } from './review';
import type { TransferOperation } from './transferManifest';

export type IsoDateTime = string;

/** The groups that may read a folder, always including `admin` (see permissions.ts). */
export type AclGroups = readonly string[];

// ---------------------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------------------

export type AssetStatus = 'uploading' | 'processing' | 'ready' | 'failed';

/** Where an asset is as seen from one workstation: only in S3, or also on its edit share. */
export type AssetLocation = 'S3' | 'S3_FSX';

export type ChecksumAlgorithm = 'xxh64' | 'xxh3' | 'xxh128' | 'md5' | 'sha1' | 'sha256' | 'crc32c' | 'crc64nvme';

export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Lower-case hexadecimal, whatever the algorithm (S3's base64 checksums are converted). */
  readonly value: string;
}

/** An exact rational, because 24000/1001 is not 23.976 and timecode maths must not drift. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** What the probe found. Every field is null when the file does not have it or it is unknown. */
export interface TechnicalMetadata {
  readonly container: string | null;
  readonly videoCodec: string | null;
  readonly videoProfile: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly frameRate: Fraction | null;
  readonly durationSeconds: number | null;
  /** SMPTE timecode of the first frame, `HH:MM:SS:FF`, or `HH:MM:SS;FF` for drop frame. */
  readonly startTimecode: string | null;
  readonly audioCodec: string | null;
  readonly audioChannels: number | null;
  readonly audioSampleRate: number | null;
  /** Bits per sample of the picture; of the sound for files that have no picture. */
  readonly bitDepth: number | null;
  readonly colourPrimaries: string | null;
  readonly colourTransfer: string | null;
  readonly colourMatrix: string | null;
  /** `4:2:0`, `4:2:2`, `4:4:4`, `4:1:1`, `4:0:0` (greyscale) or `RGB`, from the pixel format. */
  readonly chromaSubsampling: string | null;
  /** Width of a pixel over its height: 1/1 for square pixels, 4/3 for 1440×1080 HDV, 2/1 for 2× anamorphic. */
  readonly pixelAspectRatio: Fraction | null;
  /** Degrees clockwise a player turns the picture (phones): 0, 90, 180 or 270. */
  readonly rotation: number | null;
  /** How many video and audio tracks the file holds (cover art is not a video track). */
  readonly videoTracks: number | null;
  readonly audioTracks: number | null;
}

/** Keys of the derivatives in the derived bucket; null until made, or when none can be. */
export type DerivedKeys = { readonly [D in Derivative]: string | null };

export interface Asset {
  readonly id: string;
  readonly key: string;
  readonly folderPath: string;
  readonly name: string;
  readonly size: number;
  readonly checksum: Checksum | null;
  readonly kind: MediaKind;
  readonly status: AssetStatus;
  /** Why processing failed, in words a user can act on; null unless status is `failed`. */
  readonly failureReason: string | null;
  /** Workstation id → location. A workstation that is missing here means `S3`. */
  readonly locations: Readonly<Record<string, AssetLocation>>;
  readonly technical: TechnicalMetadata | null;
  readonly derived: DerivedKeys;
  readonly createdBy: string;
  readonly createdAt: IsoDateTime;
  readonly modifiedAt: IsoDateTime;
  /** Grows by one on every change, for optimistic concurrency and for the change feed. */
  readonly version: number;
  /** Words people put on the asset ("hero", "pickup"), and free notes; absent means none. */
  readonly annotations?: AssetAnnotations;
  /** Circled, rating, review status and note counts; absent means none (NO_REVIEW). */
  readonly review?: AssetReview;
  /** What the camera and the sound recorder wrote into the file; absent when they wrote nothing Rushes reads. */
  readonly production?: ProductionMetadata;
  /** The proxy, thumbnail and filmstrip made through the folder's look; absent while none applies or is made. */
  readonly graded?: GradedDerivatives;
  /** `mismatch` once any hop's hashes disagreed with an earlier one (the chain of custody); absent otherwise. */
  readonly custody?: 'mismatch';
}

/**
 * Camera and sound report fields, as the file carries them (camera tags, BWF bext and iXML).
 * Each is absent when the file does not say.
 */
export interface ProductionMetadata {
  readonly reel?: string;
  readonly camera?: string;
  readonly lens?: string;
  readonly iso?: string;
  readonly shutter?: string;
  readonly whiteBalance?: string;
  readonly scene?: string;
  readonly take?: string;
  /** The sound report's circle: the take the director wants. */
  readonly circled?: boolean;
  readonly soundNotes?: string;
  readonly trackNames?: readonly string[];
  /** Why part of the metadata could not be read (a broken iXML chunk); the file itself is kept. */
  readonly problem?: string;
  /** A sound file's clock: where its timecode comes from (BWF bext and iXML). */
  readonly soundTimecode?: SoundTimecode;
}

/**
 * A sound file's first sample as a count since midnight (bext TimeReference, or iXML's
 * timestamp) at `sampleRate`, and the timecode rate and flag its report states (iXML
 * TIMECODE_RATE/TIMECODE_FLAG, or bext SPEED); without a rate it counts at the picture's.
 */
export interface SoundTimecode {
  /** Decimal digits: a 64-bit count. */
  readonly samplesSinceMidnight: string;
  readonly sampleRate: number;
  readonly rate?: Fraction;
  readonly dropFrame?: boolean;
}

/** Derivatives made through a look; the plain ones in `derived` stay, as shot. */
export interface GradedDerivatives {
  /** The effective look they were made with (EffectiveLook.lookId). */
  readonly lookId: string;
  readonly proxy: string;
  readonly thumbnail: string | null;
  readonly filmstrip: string | null;
}

export interface AssetAnnotations {
  readonly tags: readonly string[];
  readonly notes: string;
}

// ---------------------------------------------------------------------------------------
// Folders
// ---------------------------------------------------------------------------------------

export interface Folder {
  /** `Show/Day/`. The root has no record: its listing shows the top-level folders a user may read. */
  readonly path: string;
  readonly name: string;
  readonly aclGroups: AclGroups;
  readonly createdBy: string;
  readonly createdAt: IsoDateTime;
  readonly modifiedAt: IsoDateTime;
}

// ---------------------------------------------------------------------------------------
// Workstations and transfers between S3 and their edit shares
// ---------------------------------------------------------------------------------------

/**
 * An edit workstation: where its share is mounted and who may send media to it.
 * The API's shapes and rules are in fsxApi.ts; this is the stored record.
 */
export interface Workstation {
  /** `ws-…` */
  readonly id: string;
  readonly name: string;
  readonly platform: WorkstationPlatform;
  /** The SSM managed instance id (`i-…`, `mi-…`); null for a local workstation. */
  readonly instanceId: string | null;
  /** `D:\Media`, `/mnt/fsx/media`, or a folder on this machine in local mode. */
  readonly shareRoot: string;
  /** Members of these groups (and admins) may send media to this workstation. */
  readonly groups: readonly string[];
  readonly createdAt: IsoDateTime;
  readonly modifiedAt: IsoDateTime;
}

/** One file of a transfer job: what the manifest says, and what became of it. */
export interface TransferFile {
  readonly assetId: string;
  readonly key: string;
  /** Below the share root, `/`-separated: the library key, folders kept. */
  readonly path: string;
  readonly size: number;
  /** What the workstation verifies against (lower-case hex). */
  readonly sha256: string;
  readonly state: TransferJobFileState;
  readonly bytesDone: number;
  /** Why it failed or was left alone; null otherwise. */
  readonly reason: string | null;
}

/**
 * A transfer job between the media bucket and a workstation's share, as stored. It keeps the
 * workstation as it was when the job started, so a later edit or removal of the workstation
 * does not change where a running job writes or what it cancels.
 */
export interface Transfer {
  /** Also the folder of its manifest and result: `transfers/<id>/` in the derived bucket. */
  readonly id: string;
  readonly operation: TransferOperation;
  readonly workstation: Pick<Workstation, 'id' | 'name' | 'platform' | 'instanceId' | 'shareRoot'>;
  /** E-mail of who asked, as in the audit log. */
  readonly requestedBy: string;
  /** Their directory id (`sub`): a job stays theirs if the e-mail changes. */
  readonly requestedById: string;
  readonly state: TransferJobState;
  /** Why the job as a whole failed (timed out, refused); null otherwise. */
  readonly reason: string | null;
  /** The SSM command id in the cloud; null in local mode or before it was sent. */
  readonly commandId: string | null;
  readonly manifest: { readonly bucket: string; readonly key: string };
  readonly files: readonly TransferFile[];
  readonly createdAt: IsoDateTime;
  readonly startedAt: IsoDateTime | null;
  readonly finishedAt: IsoDateTime | null;
  /** Past this, a job still running is failed as timed out. */
  readonly deadline: IsoDateTime;
  /** Grows by one on every change: a status event and a sweep cannot both finish a job. */
  readonly version: number;
}

// ---------------------------------------------------------------------------------------
// People and the audit log
// ---------------------------------------------------------------------------------------

/** Cognito's own account states. */
export type UserStatus =
  'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'UNCONFIRMED' | 'ARCHIVED' | 'COMPROMISED' | 'EXTERNAL_PROVIDER' | 'UNKNOWN';

export interface User {
  /** Cognito's immutable username (the `sub`); the e-mail address can change. */
  readonly id: string;
  readonly email: string;
  readonly enabled: boolean;
  readonly status: UserStatus;
  readonly groups: readonly string[];
  readonly createdAt: IsoDateTime;
}

export interface Group {
  readonly name: string;
  readonly description: string | null;
}

/** Every action the audit log records, as a list so filters can offer and check them. */
export const auditActions = [
  'asset.upload',
  /** A proxy URL was issued: someone is about to watch. */
  'asset.play',
  'asset.rename',
  'asset.move',
  'asset.delete',
  'asset.restore',
  'asset.purge',
  'asset.download',
  'asset.annotate',
  'note.add',
  'note.edit',
  'note.resolve',
  'note.reopen',
  'note.delete',
  'take.set',
  'folder.create',
  'folder.rename',
  'folder.move',
  'folder.delete',
  'folder.restore',
  'folder.purge',
  'folder.acl',
  'folder.look',
  'transfer.request',
  'transfer.finish',
  'user.create',
  'user.enable',
  'user.disable',
  'user.delete',
  'user.password-reset',
  'user.groups',
  /** The user confirmed an authenticator app (the server checked the directory says so). */
  'user.mfa-enrol',
  /** An admin removed a user's authenticator: they enrol again at the next sign-in. */
  'user.mfa-reset',
  /** A wrong authenticator code at sign-in (local mode's guard, or Cognito's user-activity log in the cloud). */
  'auth.mfa-failed',
  /** A wrong password at sign-in (as above). */
  'auth.password-failed',
  /** Too many wrong passwords or codes: the account is locked for a while. */
  'auth.locked',
  /** The app signed out: the user asked, or the idle time ran out. */
  'auth.sign-out',
  /** An admin changed who must use two-step sign-in or the idle sign-out time. */
  'settings.security',
  'group.create',
  'group.rename',
  'group.delete',
  'workstation.register',
  'workstation.update',
  'workstation.remove',
  /** An ASC MHL generation was recorded for a folder (upload or edit-share copy). */
  'custody.record',
  /** A file's hash disagreed with an earlier hop's: the bytes changed on the way. */
  'custody.mismatch',
  /** A folder's MHL history was exported. */
  'custody.export',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Refusals are recorded too: an audit log that shows only successes hides probing. */
export const auditOutcomes = ['succeeded', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AuditEvent {
  readonly id: string;
  readonly at: IsoDateTime;
  /** E-mail address of who acted, or `system` for ingest and transfer workers. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** What was acted on: a key, a folder path, a transfer, user, group or workstation id. */
  readonly target: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /** The network address the request came from, as the API saw it; null for workers and older events. */
  readonly address: string | null;
}
