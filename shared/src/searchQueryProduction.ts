/**
 * The search terms for what crews say: `scene:12A take:3 reel:A001 camera:A lens:32mm iso:800`,
 * matched against an asset's camera and sound report fields (Asset.production).
 *
 * Values are compared as the words FTS5 would index (ignoring case, accents and punctuation,
 * so `scene:12a` is `12A` and `scene:"12 A"` is `12-A`), and:
 * - `scene`, `take`, `reel` and `iso` match the whole value: `scene:12A` is scene `12A`, never
 *   `12AB` or `12A 1`. A value of digits only is a number: `take:3` matches take `03`.
 * - `camera` and `lens` match words of the value: `camera:A` is any camera whose name holds
 *   the word `A` (`ALEXA Mini LF (A)`, not `ALEXA`), `lens:32mm` any lens holding `32mm`.
 * - A value ending in `*` matches as a prefix: `reel:A002*` finds ARRI's `A002R2EC`;
 *   `lens:cooke*` any lens with a word starting `cooke`.
 * Several values of one field are alternatives (`take:3 take:4`).
 */
import type { ProductionMetadata } from './domain';

export const PRODUCTION_SEARCH_FIELDS = ['scene', 'take', 'reel', 'camera', 'lens', 'iso'] as const;
export type ProductionSearchField = (typeof PRODUCTION_SEARCH_FIELDS)[number];

/** Fields matched by their words rather than their whole value. */
export const WORD_PRODUCTION_FIELDS: readonly ProductionSearchField[] = ['camera', 'lens'];

export interface ProductionTerm {
  /**
   * What must be among the asset's keys of the field (productionKeys): for `camera` and
   * `lens` each word of the value, for the others the whole value as one key.
   */
  readonly keys: readonly string[];
  /** Written with a trailing `*`: the last key is a prefix. */
  readonly prefix: boolean;
}

/** For each field, the terms any one of which must match; empty for a field not asked about. */
export type ProductionTerms = Readonly<Record<ProductionSearchField, readonly ProductionTerm[]>>;

export const NO_PRODUCTION_TERMS: ProductionTerms = { scene: [], take: [], reel: [], camera: [], lens: [], iso: [] };

/** Longest value a term may carry, as typed. */
const MAX_TERM_LENGTH = 200;

export function isProductionField(field: string): field is ProductionSearchField {
  return (PRODUCTION_SEARCH_FIELDS as readonly string[]).includes(field);
}

/** The words of a value as FTS5's unicode61 tokenizer (diacritics removed) would index them. */
function valueWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * A whole value as search compares it: its words joined by single spaces; a value of ASCII
 * digits only loses its leading zeros (`03` → `3`, `000` → `0`).
 */
export function productionKey(value: string): string {
  const key = valueWords(value).join(' ');
  return /^[0-9]+$/.test(key) ? key.replace(/^0+(?=.)/, '') : key;
}

/**
 * The keys a field's value is found by, distinct: for `camera` and `lens` its words; for the
 * others the whole value, and as written too when it is a number with leading zeros (so
 * `take:0*` still finds `03`). The desktop cache stores exactly these; the server's index
 * (migration 011) holds the same words, computed in SQL, so the two must change together.
 */
export function productionKeys(field: ProductionSearchField, value: string): string[] {
  if (WORD_PRODUCTION_FIELDS.includes(field)) return [...new Set(valueWords(value))];
  const written = valueWords(value).join(' ');
  const key = productionKey(value);
  return written === '' ? [] : written === key ? [key] : [key, written];
}

/** The value of a production field an asset carries, or null. */
export function productionValue(production: ProductionMetadata | undefined, field: ProductionSearchField): string | null {
  const value = production?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Reads one term's value (quotes already removed); an error message when it says nothing. */
export function parseProductionTerm(
  field: ProductionSearchField,
  value: string,
): { ok: true; value: ProductionTerm } | { ok: false; message: string } {
  if (value.length > MAX_TERM_LENGTH) return { ok: false, message: `a value has at most ${MAX_TERM_LENGTH} characters` };
  const prefix = value.endsWith('*');
  const text = prefix ? value.slice(0, -1) : value;
  if (text.includes('*'))
    return { ok: false, message: `"${value}": * may only end a value, as in ${field}:${field === 'reel' ? 'A002' : '1'}*` };
  const words = valueWords(text);
  if (words.length === 0) return { ok: false, message: `"${value}" has no letters or digits to look for` };
  if (WORD_PRODUCTION_FIELDS.includes(field)) return { ok: true, value: { keys: words, prefix } };
  return { ok: true, value: { keys: [prefix ? words.join(' ') : productionKey(text)], prefix } };
}

/** Whether an asset's keys of a field (productionKeys) answer a term: every key found, the last as a prefix with `*`. */
export function matchesProductionKeys(have: readonly string[], term: ProductionTerm): boolean {
  return term.keys.every((wanted, index) =>
    term.prefix && index === term.keys.length - 1 ? have.some((key) => key.startsWith(wanted)) : have.includes(wanted),
  );
}

/** Whether an asset's production fields answer every field's terms (one term of each field suffices). */
export function matchesProduction(production: ProductionMetadata | undefined, terms: ProductionTerms): boolean {
  for (const field of PRODUCTION_SEARCH_FIELDS) {
    const wanted = terms[field];
    if (wanted.length === 0) continue;
    const value = productionValue(production, field);
    if (value === null) return false;
    const have = productionKeys(field, value);
    if (!wanted.some((term) => matchesProductionKeys(have, term))) return false;
  }
  return true;
}

/** Whether a query has any production term. */
export function hasProductionTerms(terms: ProductionTerms): boolean {
  return PRODUCTION_SEARCH_FIELDS.some((field) => terms[field].length > 0);
}
