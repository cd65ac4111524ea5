/**
 * The one error every file-format reader and writer throws: it names the kind of file, where
 * in it the problem is (a line, an element, a chunk) and what is wrong, so a media manager can
 * fix the file without opening a debugger.
 */
export type FormatKind = 'cube' | 'cdl' | 'bwf' | 'ixml' | 'ale' | 'mhl' | 'mhl-chain';

const kindNames: Record<FormatKind, string> = {
  cube: '.cube LUT',
  cdl: 'ASC CDL',
  bwf: 'Broadcast WAV',
  ixml: 'iXML',
  ale: 'ALE',
  mhl: 'ASC MHL manifest',
  'mhl-chain': 'ASC MHL chain',
};

export class FormatError extends Error {
  readonly kind: FormatKind;
  /** Where: `line 12`, `ColorCorrection "sh010" > SOPNode > Slope`, `chunk bext`; null for the whole file. */
  readonly location: string | null;
  readonly problem: string;

  constructor(kind: FormatKind, location: string | null, problem: string) {
    super(`${kindNames[kind]}${location === null ? '' : `, ${location}`}: ${problem}`);
    this.name = 'FormatError';
    this.kind = kind;
    this.location = location;
    this.problem = problem;
  }
}

/** A number as these text formats write it: decimal, optional sign, fraction and exponent; never NaN or Infinity. */
export function parseDecimal(text: string): number | null {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
