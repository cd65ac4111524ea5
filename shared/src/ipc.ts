import { z } from 'zod';
import { MfaCodeSchema, PasswordRuleSchema, type MfaStatus } from './authApi';
import type { ErrorInfo } from './errors';
import { searchApiInputs, type SearchDesktopApi } from './searchIpc';
import { libraryApiInputs, type LibraryChanges, type LibraryDesktopApi } from './libraryIpc';
import { downloadApiInputs, type DownloadDesktopApi } from './downloadIpc';
import type { TransferView } from './transfers';
import { uploadApiInputs, type UploadDesktopApi } from './uploadIpc';
import { mediaCacheApiInputs, type MediaCacheDesktopApi } from './mediaIpc';
import { fsxApiInputs, type FsxDesktopApi, type FsxJobsUpdate } from './fsxIpc';
import { forwardedApiInputs, type ForwardedDesktopApi } from './routeIpc';

/**
 * The one surface between the renderer and the main-side services (Electron IPC or the
 * web-mode bridge). The input schemas below are the single list of method names: main
 * registers a handler for each, the preload and the web bridge expose each, nothing else.
 * Methods that only forward an HTTP route come from the route table (routeIpc.ts).
 */

export interface SessionUser {
  email: string;
  groups: string[];
  isAdmin: boolean;
}

export type SessionState =
  | { status: 'signedOut' }
  | { status: 'newPasswordRequired'; email: string }
  /** The password was right; the identity service asks for the authenticator app's code. */
  | { status: 'mfaCodeRequired'; email: string }
  | { status: 'signedIn'; user: SessionUser; expiresAt: string };

/** A new authenticator for the signed-in user: shown once, as a QR code and as text. */
export interface MfaEnrolment {
  /** Base32, as the identity service issued it. */
  secret: string;
  /** `otpauth://totp/Rushes:<email>?secret=…&issuer=Rushes`, what the QR code carries. */
  uri: string;
}

export interface AppInfo {
  name: 'Rushes';
  version: string;
  /** Which backend the app talks to. */
  mode: 'local' | 'cloud';
  /** Which shell hosts the renderer. */
  shell: 'electron' | 'web';
  apiUrl: string;
}

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }));
const Password = z.string().min(1, { message: 'Enter your password' }).max(256);

export const SignInInputSchema = z.object({ email: Email, password: Password }).strict();
export type SignInInput = z.input<typeof SignInInputSchema>;

/** The user pool's policy (local and cloud), checked here with the server's own words. */
export const NewPasswordSchema = PasswordRuleSchema;

export const NewPasswordInputSchema = z.object({ newPassword: NewPasswordSchema }).strict();
export type NewPasswordInput = z.input<typeof NewPasswordInputSchema>;

export const MfaCodeInputSchema = z.object({ code: MfaCodeSchema }).strict();
export type MfaCodeInput = z.input<typeof MfaCodeInputSchema>;

/** The text of a connection profile file, or of `cdk deploy --outputs-file`: small JSON. */
export const ImportProfileInputSchema = z
  .object({ text: z.string().min(1, { message: 'Paste or choose a connection profile' }).max(65_536) })
  .strict();
export type ImportProfileInput = z.input<typeof ImportProfileInputSchema>;

const none = z.tuple([]);

/** Argument schemas, one per DesktopApi method: the source of truth for the method list. */
export const desktopApiInputs = {
  getAppInfo: none,
  getSession: none,
  signIn: z.tuple([SignInInputSchema]),
  completeNewPassword: z.tuple([NewPasswordInputSchema]),
  answerMfaCode: z.tuple([MfaCodeInputSchema]),
  beginMfaEnrolment: none,
  completeMfaEnrolment: z.tuple([MfaCodeInputSchema]),
  signOut: none,
  importProfile: z.tuple([ImportProfileInputSchema]),
  ...forwardedApiInputs,
  ...libraryApiInputs,
  ...downloadApiInputs,
  ...uploadApiInputs,
  ...mediaCacheApiInputs,
  ...searchApiInputs,
  ...fsxApiInputs,
} as const;

export interface DesktopApi
  extends
    ForwardedDesktopApi,
    LibraryDesktopApi,
    DownloadDesktopApi,
    UploadDesktopApi,
    MediaCacheDesktopApi,
    SearchDesktopApi,
    FsxDesktopApi {
  getAppInfo(): Promise<AppInfo>;
  getSession(): Promise<SessionState>;
  signIn(input: SignInInput): Promise<SessionState>;
  completeNewPassword(input: NewPasswordInput): Promise<SessionState>;
  /** Answers the sign-in's authenticator challenge. */
  answerMfaCode(input: MfaCodeInput): Promise<SessionState>;
  /** Asks the identity service for a new authenticator secret for the signed-in user. */
  beginMfaEnrolment(): Promise<MfaEnrolment>;
  /** Checks a code from the new authenticator, turns it on, and has the API record it. */
  completeMfaEnrolment(input: MfaCodeInput): Promise<MfaStatus>;
  signOut(): Promise<SessionState>;
  /**
   * Switches the app to another backend: validates the profile (errors name the field), keeps
   * it for the next start where the shell can, signs out, and answers what the app now talks to.
   */
  importProfile(input: ImportProfileInput): Promise<AppInfo>;
}

export type DesktopApiMethod = keyof typeof desktopApiInputs;
export const desktopApiMethods = Object.keys(desktopApiInputs) as DesktopApiMethod[];

// Compile-time proof that the interface and the input table name the same methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const desktopApiMethodsMatch: Same<DesktopApiMethod, keyof DesktopApi> = true;

/** Events main pushes to the renderer. */
export interface DesktopEvents {
  session: SessionState;
  library: LibraryChanges;
  /** Downloads whose state or progress changed (at most ~4 a second). */
  downloads: TransferView[];
  /** Uploads whose state or progress changed (at most ~4 a second). */
  uploads: TransferView[];
  /** Edit-share jobs, about once a second while any is queued or running. */
  fsxJobs: FsxJobsUpdate;
}
export type DesktopEventName = keyof DesktopEvents;
export const desktopEventNames: readonly DesktopEventName[] = ['session', 'library', 'downloads', 'uploads', 'fsxJobs'];

/** How a call result crosses the boundary: errors as data, never as thrown objects. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** One method of the bridge: the DesktopApi method, with errors returned as data. */
export type BridgeMethod<M extends DesktopApiMethod> = (
  ...args: Parameters<DesktopApi[M]>
) => Promise<CallResult<Awaited<ReturnType<DesktopApi[M]>>>>;

/** What the preload (or the web bridge) puts on `window.rushes`: exactly one function per method. */
export interface DesktopBridge {
  api: { [M in DesktopApiMethod]: BridgeMethod<M> };
  on<E extends DesktopEventName>(event: E, listener: (payload: DesktopEvents[E]) => void): () => void;
  /**
   * Electron only: the local path of a file or folder dropped on the window (the renderer
   * never reads files itself; main uploads from the path). Absent in web mode.
   */
  pathForFile?(file: object): string;
  /** Where the page loads a picture of the media cache (a name from cachedMedia). */
  cachedMediaUrl(name: string): string;
}

/** The IPC channel for a method; the one place a channel name is built. */
export function ipcChannel(method: DesktopApiMethod): string {
  return `rushes:${method}`;
}
export function ipcEventChannel(event: DesktopEventName): string {
  return `rushes-event:${event}`;
}
