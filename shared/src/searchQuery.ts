/**
 * The search query language, parsed in one place for the desktop cache and the server route.
 *
 *   A001 C00 kind:video codec:prores res:4k fps:23.976 dur:10..2m date:2026-03-01..2026-03-07
 *   status:ready loc:S3_FSX in:"Show/Day 1/" tag:hero tag:"night shoot"
 *   circled:yes rating:>=4 review:approved review:"needs review" has:notes note:"soft focus"
 *   scene:12A take:3 reel:A002* camera:A lens:"32mm" iso:800
 *
 * Bare words match the start of any word of an asset's name, folder path, codecs and other
 * technical text (all words must match). `field:value` pairs filter; several values of one
 * field are alternatives (`kind:video kind:audio`), except `tag:`, where every tag given must
 * be on the asset (a tag is matched whole, ignoring case), and `note:`, whose words must all
 * start words of the asset's notes (replies included). The camera and sound report terms
 * (`scene:`, `take:`, `reel:`, `camera:`, `lens:`, `iso:`) have their rules in
 * searchQueryProduction.ts: whole values, `camera:`/`lens:` by word, `*` for a prefix. A value with spaces is
 * quoted. An unknown field or a bad value is refused with a message naming the field.
 */
import type { AssetStatus } from './domain';
import type { MediaKind } from './mediaTypes';
import { MAX_TAG_LENGTH } from './annotationsApi';
import { validateFolderPath } from './names';
import { MAX_RATING, REVIEW_STATUSES, type ReviewStatus } from './review';
import {
  NO_PRODUCTION_TERMS,
  PRODUCTION_SEARCH_FIELDS,
  isProductionField,
  parseProductionTerm,
  type ProductionSearchField,
  type ProductionTerm,
  type ProductionTerms,
} from './searchQueryProduction';

export const SEARCH_FIELDS = [
  'kind',
  'codec',
  'res',
  'fps',
  'dur',
  'date',
  'status',
  'loc',
  'in',
  'tag',
  'circled',
  'rating',
  'review',
  'has',
  'note',
  ...PRODUCTION_SEARCH_FIELDS,
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const KINDS: readonly MediaKind[] = ['video', 'audio', 'image', 'raw', 'sidecar', 'other'];
const STATUSES: readonly AssetStatus[] = ['uploading', 'processing', 'ready', 'failed'];

/** Picture size classes by width, as editors name them. */
export const RESOLUTION_CLASSES = ['sd', 'hd', 'fullhd', '4k', '6k', '8k'] as const;
export type ResolutionClass = (typeof RESOLUTION_CLASSES)[number];
const RESOLUTION_MIN_WIDTH: Readonly<Record<ResolutionClass, number>> = {
  sd: 0,
  hd: 1280,
  fullhd: 1920,
  '4k': 3200,
  '6k': 5000,
  '8k': 7000,
};

export interface NumberRange {
  /** Inclusive; null for open. */
  readonly min: number | null;
  readonly max: number | null;
}

export interface SearchQuery {
  /** Lower-case word prefixes, every one of which must match. */
  readonly words: readonly string[];
  readonly kinds: readonly MediaKind[];
  /** Lower-case; matches the video or the audio codec. */
  readonly codecs: readonly string[];
  readonly resolutions: readonly ResolutionClass[];
  /** Frames per second ranges (a single rate is a narrow range around it). */
  readonly frameRates: readonly NumberRange[];
  readonly duration: NumberRange | null;
  /** Milliseconds since the epoch, on createdAt. */
  readonly created: NumberRange | null;
  readonly statuses: readonly AssetStatus[];
  readonly location: 'S3' | 'S3_FSX' | null;
  /** Folder path whose assets (and its sub-folders') are searched; `` for everything. */
  readonly folder: string;
  /** Tags in `tagKey` form, every one of which the asset must carry. */
  readonly tags: readonly string[];
  /** Circled takes only (true) or those not circled (false); null for either. */
  readonly circled: boolean | null;
  /** Whole stars, inclusive (`rating:>=4` is 4..5). */
  readonly rating: NumberRange | null;
  /** Review statuses, any of which matches. */
  readonly reviewStatuses: readonly ReviewStatus[];
  /** Only assets with at least one note (`has:notes`). */
  readonly hasNotes: boolean;
  /** Lower-case word prefixes every one of which must start a word of the asset's notes. */
  readonly noteWords: readonly string[];
  /** Camera and sound report terms (`scene:12A take:3`), by field; empty lists for none. */
  readonly production: ProductionTerms;
}

export type ParsedSearch = { ok: true; value: SearchQuery } | { ok: false; field: string; message: string };

export const MAX_SEARCH_LENGTH = 1000;
const MAX_WORDS = 16;

/** The words FTS5's default tokenizer (unicode61, diacritics removed) would index. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

export function resolutionClass(width: number | null): ResolutionClass | null {
  if (width === null || width <= 0) return null;
  let found: ResolutionClass = 'sd';
  for (const name of RESOLUTION_CLASSES) if (width >= RESOLUTION_MIN_WIDTH[name]) found = name;
  return found;
}

/** The width range of a class, for an index-friendly filter. */
export function resolutionWidthRange(name: ResolutionClass): NumberRange {
  const next = RESOLUTION_CLASSES[RESOLUTION_CLASSES.indexOf(name) + 1];
  return { min: name === 'sd' ? 1 : RESOLUTION_MIN_WIDTH[name], max: next ? RESOLUTION_MIN_WIDTH[next] - 1 : null };
}

export function parseSearch(text: string): ParsedSearch {
  if (text.length > MAX_SEARCH_LENGTH) return { ok: false, field: 'q', message: `longer than ${MAX_SEARCH_LENGTH} characters` };
  const query = {
    words: [] as string[],
    kinds: [] as MediaKind[],
    codecs: [] as string[],
    resolutions: [] as ResolutionClass[],
    frameRates: [] as NumberRange[],
    duration: null as NumberRange | null,
    created: null as NumberRange | null,
    statuses: [] as AssetStatus[],
    location: null as 'S3' | 'S3_FSX' | null,
    folder: '',
    tags: [] as string[],
    circled: null as boolean | null,
    rating: null as NumberRange | null,
    reviewStatuses: [] as ReviewStatus[],
    hasNotes: false,
    noteWords: [] as string[],
  };
  const production: Record<ProductionSearchField, ProductionTerm[]> = {
    scene: [],
    take: [],
    reel: [],
    camera: [],
    lens: [],
    iso: [],
  };
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  for (const token of tokens.value) {
    if (token.field === null) {
      query.words.push(...searchWords(token.value));
      continue;
    }
    const field = token.field.toLowerCase();
    const value = token.value;
    const fail = (message: string): ParsedSearch => ({ ok: false, field, message: `${field}: ${message}` });
    if (value.length === 0) return fail('needs a value after the colon');
    switch (field as SearchField) {
      case 'kind': {
        const kind = value.toLowerCase() as MediaKind;
        if (!KINDS.includes(kind)) return fail(`"${value}" is not one of ${KINDS.join(', ')}`);
        query.kinds.push(kind);
        break;
      }
      case 'codec':
        query.codecs.push(value.toLowerCase());
        break;
      case 'res': {
        const name = value.toLowerCase() as ResolutionClass;
        if (!RESOLUTION_CLASSES.includes(name)) return fail(`"${value}" is not one of ${RESOLUTION_CLASSES.join(', ')}`);
        query.resolutions.push(name);
        break;
      }
      case 'fps': {
        const range = parseRange(value, parseFrameRate);
        if (!range) return fail(`"${value}" is not a frame rate such as 25, 23.976, 24000/1001 or 24..30`);
        query.frameRates.push(range);
        break;
      }
      case 'dur': {
        const range = parseRange(value, parseDuration);
        if (!range) return fail(`"${value}" is not a duration range such as 10..60, 1m.. or ..30s`);
        query.duration = range;
        break;
      }
      case 'date': {
        const range = parseRange(value, parseDay);
        if (!range) return fail(`"${value}" is not a date or range such as 2026-03-01 or 2026-03-01..2026-03-07`);
        query.created = range;
        break;
      }
      case 'status': {
        const status = value.toLowerCase() as AssetStatus;
        if (!STATUSES.includes(status)) return fail(`"${value}" is not one of ${STATUSES.join(', ')}`);
        query.statuses.push(status);
        break;
      }
      case 'loc': {
        const location = value.toUpperCase();
        if (location !== 'S3' && location !== 'S3_FSX') return fail(`"${value}" is not S3 or S3_FSX`);
        query.location = location;
        break;
      }
      case 'in': {
        const checked = validateFolderPath(value.endsWith('/') ? value : `${value}/`);
        if (!checked.ok) return fail(checked.message);
        query.folder = checked.value;
        break;
      }
      case 'tag': {
        const tag = tagKey(value);
        if (tag.length === 0) return fail('needs a tag after the colon');
        if (tag.length > MAX_TAG_LENGTH) return fail(`a tag has at most ${MAX_TAG_LENGTH} characters`);
        if (!query.tags.includes(tag)) query.tags.push(tag);
        break;
      }
      case 'circled': {
        const answer = YES_NO[value.toLowerCase()];
        if (answer === undefined) return fail(`"${value}" is not yes or no`);
        query.circled = answer;
        break;
      }
      case 'rating': {
        const range = parseRating(value);
        if (!range) return fail(`"${value}" is not a rating from 0 to ${MAX_RATING} such as 4, >=4, <=2, >3 or <5`);
        query.rating = range;
        break;
      }
      case 'review': {
        const status = value.toLowerCase().replace(/\s+/g, ' ') as ReviewStatus;
        if (!REVIEW_STATUSES.includes(status)) return fail(`"${value}" is not one of ${REVIEW_STATUSES.map(quoteSearchValue).join(', ')}`);
        if (!query.reviewStatuses.includes(status)) query.reviewStatuses.push(status);
        break;
      }
      case 'has':
        if (value.toLowerCase() !== 'notes') return fail(`"${value}" is not something search can look for; use has:notes`);
        query.hasNotes = true;
        break;
      case 'note': {
        const words = searchWords(value);
        if (words.length === 0) return fail('needs words of a note after the colon');
        for (const word of words) if (!query.noteWords.includes(word)) query.noteWords.push(word);
        break;
      }
      default: {
        if (!isProductionField(field)) {
          return { ok: false, field, message: `"${token.field}" is not a search field; use one of ${SEARCH_FIELDS.join(', ')}` };
        }
        const term = parseProductionTerm(field, value);
        if (!term.ok) return fail(term.message);
        if (production[field].length >= MAX_WORDS) return fail(`more than ${MAX_WORDS} values`);
        production[field].push(term.value);
      }
    }
  }
  if (query.words.length > MAX_WORDS) return { ok: false, field: 'q', message: `more than ${MAX_WORDS} words` };
  if (query.noteWords.length > MAX_WORDS) return { ok: false, field: 'note', message: `note: more than ${MAX_WORDS} words` };
  const anyProduction = PRODUCTION_SEARCH_FIELDS.some((field) => production[field].length > 0);
  return { ok: true, value: { ...query, production: anyProduction ? production : NO_PRODUCTION_TERMS } };
}

/** A tag as search compares it: the annotation rules' spelling (NFC, single spaces), ignoring case. */
export function tagKey(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Writes a value so parseSearch reads it back whole (quoted when it has spaces or quotes). */
export function quoteSearchValue(value: string): string {
  return /^[^\s"]+$/.test(value) ? value : `"${value.replace(/"/g, '')}"`;
}

type Token = { field: string | null; value: string };

function tokenize(text: string): { ok: true; value: Token[] } | { ok: false; field: string; message: string } {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([A-Za-z]+):)?(?:"([^"]*)"|(\S*))/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match || match[0].length === 0) break;
    index = pattern.lastIndex;
    const value = match[2] ?? match[3] ?? '';
    if (match[1] === undefined && value === '') continue;
    if (match[1] === undefined && match[2] === undefined && value.startsWith('"')) {
      return { ok: false, field: 'q', message: 'a quote is not closed' };
    }
    tokens.push({ field: match[1] ?? null, value });
  }
  return { ok: true, value: tokens };
}

const YES_NO: Readonly<Record<string, boolean>> = { yes: true, no: false, true: true, false: false };

/** `4` or `=4`, `>=4`, `<=2`, `>3`, `<5`: whole stars from 0 to MAX_RATING, as an inclusive range. */
function parseRating(text: string): NumberRange | null {
  const match = /^(>=|<=|>|<|=)?(\d+)$/.exec(text.trim());
  if (!match) return null;
  const stars = Number(match[2]);
  if (stars > MAX_RATING) return null;
  const range: NumberRange = (() => {
    switch (match[1]) {
      case '>=':
        return { min: stars, max: MAX_RATING };
      case '<=':
        return { min: 0, max: stars };
      case '>':
        return { min: stars + 1, max: MAX_RATING };
      case '<':
        return { min: 0, max: stars - 1 };
      default:
        return { min: stars, max: stars };
    }
  })();
  return range.min! <= range.max! ? range : null;
}

function parseRange(value: string, parse: (text: string, end: 'min' | 'max') => number | null): NumberRange | null {
  const parts = value.split('..');
  if (parts.length === 1) {
    const min = parse(value, 'min');
    const max = parse(value, 'max');
    return min === null || max === null ? null : { min, max };
  }
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) return null;
  const min = parts[0] === '' ? null : parse(parts[0]!, 'min');
  const max = parts[1] === '' ? null : parse(parts[1]!, 'max');
  if ((parts[0] !== '' && min === null) || (parts[1] !== '' && max === null)) return null;
  if (min !== null && max !== null && min > max) return null;
  return { min, max };
}

/** 23.976 means 24000/1001: a rate matches within half a thousandth of a frame per second. */
function parseFrameRate(text: string, end: 'min' | 'max'): number | null {
  const fraction = /^(\d+)\/(\d+)$/.exec(text);
  const rate = fraction ? Number(fraction[1]) / Number(fraction[2]) : /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) return null;
  const decimals = text.split('.')[1]?.length ?? 0;
  const slack = fraction ? 1e-6 : 0.0005 + (decimals > 0 ? 10 ** -decimals / 2 : 0);
  return end === 'min' ? rate - slack : rate + slack;
}

function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.toLowerCase());
  if (!match) return null;
  return Number(match[1]) * (match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1);
}

/** A calendar day in UTC; as a range end it covers the whole day. */
function parseDay(text: string, end: 'min' | 'max'): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const start = Date.parse(`${text}T00:00:00.000Z`);
  if (!Number.isFinite(start) || new Date(start).toISOString().slice(0, 10) !== text) return null;
  return end === 'min' ? start : start + 86_400_000 - 1;
}
