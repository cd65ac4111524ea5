/**
 * File names, object keys and folder paths.
 *
 * A name has to survive three places: S3 (any UTF-8, keys up to 1,024 bytes), the Linux
 * tools that probe and transcode it (255 bytes per name on ext4 and most filesystems) and
 * the Windows/SMB edit share on FSx (Win32 naming rules). We accept only what all three can
 * hold, so a file that uploads fine never becomes unreachable on an editor's workstation.
 *
 * Path convention, used everywhere in Rushes:
 * - a key names an object: `Show/Day/clip.mov`; it never starts or ends with `/`;
 * - a folder path names a folder and always ends with `/`: `Show/Day/`; the root is ``.
 * This is S3's own prefix convention (ListObjectsV2 returns CommonPrefixes as `Show/Day/`),
 * so `folder + name` is a key, and "inside folder F, at any depth" is `key.startsWith(F)`.
 *
 * All strings are stored in NFC: macOS hands us NFD file names, Windows and Linux NFC,
 * and without one form `é` would be two different files that look the same.
 */

// Per name (one path segment), in UTF-8 bytes. Linux filesystems allow 255, but s3rver, the
// local S3 stand-in, stores an object as `<name>._S3rver_object` beside sidecars such as
// `<name>._S3rver_metadata.json`, which adds up to 22 bytes to the name on disk. One limit
// for local and cloud mode keeps every asset movable between them and onto edit shares, and
// 233 UTF-8 bytes is still well within NTFS's 255 UTF-16 code units.
export const MAX_NAME_BYTES = 233;
export const MAX_KEY_BYTES = 1024;

/** Why a single file or folder name was refused. */
export type NameProblem =
  | 'empty'
  | 'dot-name'
  | 'unpaired-surrogate'
  | 'control-character'
  | 'invisible-character'
  | 'path-separator'
  | 'windows-character'
  | 'leading-space'
  | 'trailing-dot-or-space'
  | 'reserved-on-windows'
  | 'too-long';

/** Why a key or folder path was refused: a bad segment, or a problem with the whole path. */
export type KeyProblem = NameProblem | 'absolute-path' | 'empty-segment' | 'trailing-slash' | 'missing-trailing-slash' | 'key-too-long';

/** The outcome of a rule check: the normalised value, or a reason code and a sentence for the user. */
export type Checked<T, Reason extends string> = { ok: true; value: T } | { ok: false; reason: Reason; message: string };

// shared/ compiles against ES2023 only (no DOM, no @types/node), yet TextEncoder exists in
// every runtime we ship to: Node, Electron, Chromium and Lambda. Declare just what we use.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
const utf8 = new TextEncoder();

export function utf8ByteLength(text: string): number {
  return utf8.encode(text).length;
}

export function normalizeName(name: string): string {
  return name.normalize('NFC');
}

// C0, DEL, C1, plus the Unicode line and paragraph separators, which break lines in logs and UIs.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;

// Characters that render as nothing or reorder the text around them. The RTL override is
// the classic attack: `evil\u202Egpj.exe` displays as `evilexe.jpg`.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/u;

// Zero-width (non-)joiners are needed to spell Persian and Indic words and to build emoji
// sequences (👨‍👩‍👧), so they are allowed between two non-ASCII characters. Between ASCII
// characters they do nothing visible and only make two names look identical.
const JOINERS = new Set(['\u200C', '\u200D']);

const SEPARATORS = /[/\\]/u;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/u;

// Windows refuses these device names whatever the case and whatever follows the first dot
// (`nul.tar.gz`), ignoring spaces before that dot (`CON .mov`). No `u` flag on purpose: `i`
// then folds ASCII letters only, as Windows does here.
const WINDOWS_DEVICE = /^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9\u00B9\u00B2\u00B3]|LPT[0-9\u00B9\u00B2\u00B3])$/i;

export function validateName(name: string): Checked<string, NameProblem> {
  if (hasUnpairedSurrogate(name)) {
    return refuse(
      'unpaired-surrogate',
      `Name "${shown(name)}" contains a broken character (an unpaired UTF-16 surrogate) that cannot be stored`,
    );
  }
  const value = normalizeName(name);
  if (value === '') return refuse('empty', 'A name cannot be empty');
  if (value === '.' || value === '..') {
    return refuse('dot-name', `"${value}" cannot be used as a name: it means "this folder" or "the parent folder"`);
  }
  const control = CONTROL.exec(value);
  if (control) {
    return refuse(
      'control-character',
      `Name "${shown(value)}" contains the control character ${codePoint(control[0])}; names cannot hold tabs, line breaks or other control characters`,
    );
  }
  const invisible = findInvisible(value);
  if (invisible !== null) {
    return refuse(
      'invisible-character',
      `Name "${shown(value)}" contains the invisible character ${codePoint(invisible)}, which can make a name look like a different one`,
    );
  }
  if (SEPARATORS.test(value)) {
    return refuse('path-separator', `Name "${shown(value)}" contains "/" or "\\"; a name is one file or folder, not a path`);
  }
  const windows = WINDOWS_FORBIDDEN.exec(value);
  if (windows) {
    return refuse(
      'windows-character',
      `Name "${shown(value)}" contains "${windows[0]}", which Windows edit shares cannot hold (< > : " | ? * are not allowed)`,
    );
  }
  // Any kind of space at either end (a no-break space too) is invisible, so `Day` and
  // `Day\u00A0` would be two folders that look the same.
  if (/^\s/u.test(value)) {
    return refuse('leading-space', `Name "${shown(value)}" starts with a space`);
  }
  if (/[\s.]$/u.test(value)) {
    return refuse('trailing-dot-or-space', `Name "${shown(value)}" ends with a dot or a space, which Windows edit shares silently remove`);
  }
  if (isWindowsDeviceName(value)) {
    return refuse('reserved-on-windows', `Name "${shown(value)}" is reserved on Windows edit shares`);
  }
  // UTF-8 never takes fewer bytes than UTF-16 takes code units, so this also keeps every
  // accepted name within NTFS's limit of 255 UTF-16 code units.
  const bytes = utf8ByteLength(value);
  if (bytes > MAX_NAME_BYTES) {
    return refuse(
      'too-long',
      `Name "${shown(value)}" is ${bytes} bytes long; the limit is ${MAX_NAME_BYTES} bytes (fewer characters when they are accented, non-Latin or emoji)`,
    );
  }
  return { ok: true, value };
}

/** An object key such as `Show/Day/clip.mov`. */
export function validateKey(key: string): Checked<string, KeyProblem> {
  if (hasUnpairedSurrogate(key)) {
    return refuse(
      'unpaired-surrogate',
      `Path "${shown(key)}" contains a broken character (an unpaired UTF-16 surrogate) that cannot be stored`,
    );
  }
  const value = normalizeName(key);
  if (value === '') return refuse('empty', 'A path cannot be empty');
  if (value.startsWith('/')) return refuse('absolute-path', `Path "${shown(value)}" must not start with "/"`);
  if (value.endsWith('/')) {
    return refuse('trailing-slash', `Path "${shown(value)}" ends with "/", which names a folder, not a file`);
  }
  return checkSegments(value, value);
}

/** A folder path such as `Show/Day/`; the root folder is ``. */
export function validateFolderPath(path: string): Checked<string, KeyProblem> {
  if (path === '') return { ok: true, value: '' };
  if (hasUnpairedSurrogate(path)) {
    return refuse(
      'unpaired-surrogate',
      `Folder "${shown(path)}" contains a broken character (an unpaired UTF-16 surrogate) that cannot be stored`,
    );
  }
  const value = normalizeName(path);
  if (value.startsWith('/')) return refuse('absolute-path', `Folder "${shown(value)}" must not start with "/"`);
  if (!value.endsWith('/')) {
    return refuse('missing-trailing-slash', `Folder "${shown(value)}" must end with "/" (folders are written like "Show/Day/")`);
  }
  return checkSegments(value.slice(0, -1), value);
}

/** The key of `name` inside `folder`; checks both parts and the length of the result. */
export function joinKey(folder: string, name: string): Checked<string, KeyProblem> {
  const parent = validateFolderPath(folder);
  if (!parent.ok) return parent;
  const child = validateName(name);
  if (!child.ok) return child;
  return validateKey(parent.value + child.value);
}

/** The folder path of a folder called `name` inside `parent`. */
export function joinFolder(parent: string, name: string): Checked<string, KeyProblem> {
  const folder = validateFolderPath(parent);
  if (!folder.ok) return folder;
  const child = validateName(name);
  if (!child.ok) return child;
  return validateFolderPath(`${folder.value}${child.value}/`);
}

// The helpers below take keys or folder paths that were already validated; they only cut strings.

export function isFolderPath(path: string): boolean {
  return path === '' || path.endsWith('/');
}

/** The segments of a key or folder path: `Show/Day/clip.mov` → [Show, Day, clip.mov]; the root → []. */
export function splitKey(path: string): string[] {
  const trimmed = withoutTrailingSlash(path);
  return trimmed === '' ? [] : trimmed.split('/');
}

/** The last segment: `Show/Day/clip.mov` → `clip.mov`, `Show/Day/` → `Day`, the root → ``. */
export function basename(path: string): string {
  const trimmed = withoutTrailingSlash(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The folder holding a key or folder: `Show/Day/clip.mov` → `Show/Day/`, `Show/` → ``; the root has none. */
export function parentOf(path: string): string | null {
  if (path === '') return null;
  const trimmed = withoutTrailingSlash(path);
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

function withoutTrailingSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function checkSegments(segments: string, whole: string): Checked<string, KeyProblem> {
  const bytes = utf8ByteLength(whole);
  if (bytes > MAX_KEY_BYTES) {
    return refuse('key-too-long', `Path "${shown(whole)}" is ${bytes} bytes long; S3 allows at most ${MAX_KEY_BYTES} bytes`);
  }
  for (const segment of segments.split('/')) {
    if (segment === '') {
      return refuse('empty-segment', `Path "${shown(whole)}" contains an empty folder name ("//")`);
    }
    const checked = validateName(segment);
    if (!checked.ok) return refuse(checked.reason, `In "${shown(whole)}": ${checked.message}`);
  }
  return { ok: true, value: whole };
}

function isWindowsDeviceName(name: string): boolean {
  const dot = name.indexOf('.');
  const stem = (dot === -1 ? name : name.slice(0, dot)).replace(/ +$/u, '');
  return WINDOWS_DEVICE.test(stem);
}

function findInvisible(name: string): string | null {
  const chars = Array.from(name);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (INVISIBLE.test(char)) return char;
    if (JOINERS.has(char) && !(joinable(chars[i - 1]) && joinable(chars[i + 1]))) return char;
  }
  return null;
}

function joinable(neighbour: string | undefined): boolean {
  if (neighbour === undefined || neighbour.charCodeAt(0) < 0x80) return false;
  return !JOINERS.has(neighbour) && !INVISIBLE.test(neighbour) && !/\s/u.test(neighbour);
}

function hasUnpairedSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

// Messages quote the name the user typed, but a quoted RTL override would scramble the
// message itself and a control character could break the line, so those are spelled out.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSHOWABLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uD800-\uDFFF]/gu;
const SHOWN_LIMIT = 60;

function shown(name: string): string {
  const chars = Array.from(name);
  const head = chars.length > SHOWN_LIMIT ? `${chars.slice(0, SHOWN_LIMIT).join('')}…` : name;
  return head.replace(UNSHOWABLE, (char) => `<${codePoint(char)}>`);
}

function refuse<R extends string>(reason: R, message: string): { ok: false; reason: R; message: string } {
  return { ok: false, reason, message };
}
