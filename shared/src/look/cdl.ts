/**
 * ASC CDL grades from `.cc` (one ColorCorrection), `.ccc` (ColorCorrectionCollection) and
 * `.cdl` (ColorDecisionList) files, and the CDL formula itself.
 *
 * A collection or list may hold many corrections: `parseCdl` takes the one whose `id` is
 * asked for, or the first in document order when none is; `parseCdlCorrections` returns all.
 * Unknown elements (descriptions, viewing notes, vendor extras) are allowed, as OpenColorIO
 * allows them; a correction that refers to another file (`ColorCorrectionRef`) is refused,
 * since its numbers are not in this file.
 */
import { XMLParser } from 'fast-xml-parser';
import { xmlProblem } from '../formats/xml';
import { FormatError, parseDecimal } from '../formats/formatError';
import type { Triple } from './cube';

export interface Cdl {
  /** The ColorCorrection's `id`, null when it has none. */
  readonly id: string | null;
  readonly slope: Triple;
  readonly offset: Triple;
  readonly power: Triple;
  readonly saturation: number;
  /** Description texts of the correction, in order. */
  readonly descriptions: readonly string[];
}

export const IDENTITY_CDL: Cdl = { id: null, slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1, descriptions: [] };

type XmlObject = Record<string, unknown>;

const parser = /* @__PURE__ */ new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['ColorCorrection', 'ColorDecision', 'Description', 'ColorCorrectionRef'].includes(name),
});

const isObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isObject(value) && Object.keys(value).every((key) => key.startsWith('@'))) return '';
  return null;
}

export function parseCdlCorrections(xml: string, fileName: string): Cdl[] {
  const fail = (location: string | null, problem: string) =>
    new FormatError('cdl', location === null ? fileName : `${fileName}, ${location}`, problem);
  const broken = xmlProblem(xml);
  if (broken) throw fail(`line ${broken.line}`, broken.problem);
  const document = parser.parse(xml) as XmlObject;
  const roots = Object.keys(document).filter((key) => !key.startsWith('?'));
  const rootName = roots[0];
  const root = rootName === undefined ? undefined : document[rootName];

  let corrections: unknown[];
  if (rootName === 'ColorCorrection') corrections = Array.isArray(root) ? root : [root];
  else if (rootName === 'ColorCorrectionCollection') corrections = isObject(root) ? ((root['ColorCorrection'] as unknown[]) ?? []) : [];
  else if (rootName === 'ColorDecisionList') {
    const decisions = isObject(root) ? ((root['ColorDecision'] as unknown[]) ?? []) : [];
    corrections = decisions.map((decision, index) => {
      if (isObject(decision) && decision['ColorCorrectionRef'] !== undefined && decision['ColorCorrection'] === undefined) {
        throw fail(
          `ColorDecision #${index + 1}`,
          'ColorCorrectionRef points at a correction in another file; include the ColorCorrection itself',
        );
      }
      const inner = isObject(decision) ? (decision['ColorCorrection'] as unknown[] | undefined) : undefined;
      if (!inner || inner.length !== 1) throw fail(`ColorDecision #${index + 1}`, 'needs exactly one ColorCorrection');
      return inner[0];
    });
  } else {
    throw fail(
      null,
      `root element is ${rootName ?? 'missing'}; expected ColorCorrection (.cc), ColorCorrectionCollection (.ccc) or ColorDecisionList (.cdl)`,
    );
  }
  if (corrections.length === 0) throw fail(null, `${rootName} holds no ColorCorrection`);
  return corrections.map((correction, index) => readCorrection(correction, index, fail));
}

function readCorrection(node: unknown, index: number, fail: (location: string | null, problem: string) => FormatError): Cdl {
  if (!isObject(node)) throw fail(`ColorCorrection #${index + 1}`, 'is empty');
  const id = typeof node['@id'] === 'string' && node['@id'] !== '' ? node['@id'] : null;
  const where = id === null ? `ColorCorrection #${index + 1}` : `ColorCorrection "${id}"`;
  const sop = node['SOPNode'];
  const sat = node['SatNode'] ?? node['SATNode'];
  if (sop === undefined && sat === undefined) throw fail(where, 'has neither a SOPNode nor a SatNode');

  const numbers = (parent: unknown, parentName: string, name: string, count: 1 | 3): number[] => {
    const at = `${where} > ${parentName} > ${name}`;
    const raw = isObject(parent) ? textOf(parent[name]) : null;
    if (raw === null) throw fail(at, 'is missing');
    const tokens = raw.trim() === '' ? [] : raw.trim().split(/\s+/);
    if (tokens.length !== count) throw fail(at, `needs ${count === 1 ? 'one number' : 'three numbers'}, found ${tokens.length}`);
    return tokens.map((token) => {
      const value = parseDecimal(token);
      if (value === null) throw fail(at, `“${token}” is not a finite number`);
      return value;
    });
  };

  let slope: Triple = [1, 1, 1];
  let offset: Triple = [0, 0, 0];
  let power: Triple = [1, 1, 1];
  let saturation = 1;
  if (sop !== undefined) {
    slope = numbers(sop, 'SOPNode', 'Slope', 3) as Triple;
    offset = numbers(sop, 'SOPNode', 'Offset', 3) as Triple;
    power = numbers(sop, 'SOPNode', 'Power', 3) as Triple;
    if (slope.some((value) => value < 0)) throw fail(`${where} > SOPNode > Slope`, `${slope.join(' ')}: slope must be 0 or more`);
    if (power.some((value) => value <= 0)) throw fail(`${where} > SOPNode > Power`, `${power.join(' ')}: power must be above 0`);
  }
  if (sat !== undefined) {
    saturation = numbers(sat, 'SatNode', 'Saturation', 1)[0]!;
    if (saturation < 0) throw fail(`${where} > SatNode > Saturation`, `${saturation}: saturation must be 0 or more`);
  }
  const descriptions = ((node['Description'] as unknown[] | undefined) ?? []).map(textOf).filter((text): text is string => !!text);
  return { id, slope, offset, power, saturation, descriptions };
}

export interface CdlValues {
  readonly slope: readonly number[];
  readonly offset: readonly number[];
  readonly power: readonly number[];
  readonly saturation: number;
}

/**
 * A grade typed in as numbers (a form, an API body, an EDL's ASC_SOP) checked with the same
 * rules as a file: three finite numbers each, slope ≥ 0, power > 0, saturation ≥ 0. The error
 * names the field (`slope`, `power`, `saturation`).
 */
export function cdlFromValues(values: CdlValues, id: string | null = null): Cdl {
  const fail = (field: string, problem: string) => new FormatError('cdl', field, problem);
  const triple = (field: 'slope' | 'offset' | 'power', minimum: number, inclusive: boolean): Triple => {
    const list = values[field];
    if (!Array.isArray(list) || list.length !== 3) throw fail(field, 'needs three numbers (red, green, blue)');
    list.forEach((value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(field, `${String(value)} is not a finite number`);
      if (inclusive ? value < minimum : value <= minimum)
        throw fail(field, `${list.join(' ')}: ${field} must be ${inclusive ? `${minimum} or more` : `above ${minimum}`}`);
    });
    return [list[0]!, list[1]!, list[2]!];
  };
  const slope = triple('slope', 0, true);
  const offset = triple('offset', -Infinity, true);
  const power = triple('power', 0, false);
  if (typeof values.saturation !== 'number' || !Number.isFinite(values.saturation))
    throw fail('saturation', `${String(values.saturation)} is not a finite number`);
  if (values.saturation < 0) throw fail('saturation', `${values.saturation}: saturation must be 0 or more`);
  return { id, slope, offset, power, saturation: values.saturation, descriptions: [] };
}

/** One grade from the file: the correction with this `id` when one is given, otherwise the first. */
export function parseCdl(xml: string, fileName: string, options: { id?: string } = {}): Cdl {
  const corrections = parseCdlCorrections(xml, fileName);
  if (options.id === undefined) return corrections[0]!;
  const found = corrections.find((correction) => correction.id === options.id);
  if (!found) {
    const ids = corrections.map((correction) => correction.id ?? '(no id)').join(', ');
    throw new FormatError('cdl', fileName, `no ColorCorrection with id “${options.id}”; the file has ${ids}`);
  }
  return found;
}

/** Rec.709 luma weights, fixed by the ASC CDL for saturation whatever the working space. */
const LUMA: Triple = [0.2126, 0.7152, 0.0722];
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * The ASC CDL in its clamping form (v1.2): per channel `clamp(in × slope + offset) ^ power`,
 * then saturation around Rec.709 luma, clamped again.
 */
export function applyCdl(cdl: Cdl, rgb: Triple): Triple {
  const sop = rgb.map((value, channel) => clamp01(value * cdl.slope[channel]! + cdl.offset[channel]!) ** cdl.power[channel]!) as Triple;
  const luma = sop[0] * LUMA[0] + sop[1] * LUMA[1] + sop[2] * LUMA[2];
  return sop.map((value) => clamp01(luma + cdl.saturation * (value - luma))) as Triple;
}
