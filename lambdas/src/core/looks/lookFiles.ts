import { createHash } from 'node:crypto';
import {
  LookCdlSchema,
  DomainError,
  FormatError,
  bakeLook,
  formatCube,
  parseCdl,
  parseCube,
  type LookCdl,
  type Cube3D,
} from '@rushes/shared';

/**
 * The look's files as the server reads them: a `.cube` or CDL a person picked, refused with
 * the line or element at fault, and the baked cube ffmpeg and MediaConvert apply.
 */

/** The LUT as uploaded, checked; VALIDATION_FAILED naming the file and line otherwise. */
export function readCube(fileName: string, text: string): Cube3D {
  try {
    return parseCube(text);
  } catch (error) {
    throw refused(error, fileName, 'cube');
  }
}

/** The numbers of a `.cdl`/`.cc`/`.ccc` file (its first correction), checked as numbers typed in are. */
export function readCdl(fileName: string, xml: string): LookCdl {
  let cdl;
  try {
    cdl = parseCdl(xml, fileName);
  } catch (error) {
    // The CDL reader names the file in its location already.
    throw refused(error, null, 'cdl');
  }
  const values = LookCdlSchema.safeParse({ slope: cdl.slope, offset: cdl.offset, power: cdl.power, saturation: cdl.saturation });
  if (!values.success) {
    throw new DomainError('VALIDATION_FAILED', `${fileName}: ${values.error.issues[0]?.message ?? 'not a usable CDL'}`, 'cdl');
  }
  return values.data;
}

/** The CDL (graded in camera log) then the LUT, baked into one cube's text. */
export function bakedCube(cdl: LookCdl | null, cube: Cube3D | null): string {
  return formatCube(bakeLook({ cdl: cdl ? { id: null, descriptions: [], ...cdl } : undefined, cube: cube ?? undefined }));
}

/** Where the looks' files are in the derived bucket. */
export const LOOKS_PREFIX = 'looks/';

/** Where a look file's text is kept in the derived bucket: named by its content, so the same file is kept once. */
export function lookFileKey(kind: 'source' | 'baked', text: string): string {
  return `${LOOKS_PREFIX}${kind}/${sha256(text)}.cube`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A reader's FormatError as the person's mistake: the file (unless its location names it), where, and what. */
function refused(error: unknown, fileName: string | null, field: 'cube' | 'cdl'): unknown {
  if (!(error instanceof FormatError)) return error;
  const where = [fileName, error.location].filter((part) => part !== null && part !== '').join(', ');
  return new DomainError('VALIDATION_FAILED', `${where}: ${error.problem}`, field);
}
