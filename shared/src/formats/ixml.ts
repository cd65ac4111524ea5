/**
 * The iXML chunk of a Broadcast WAV: the production's sound report as recorders write it.
 * Every element is optional (the format deliberately has no schema); what is present must
 * make sense, or the whole chunk is reported as broken, naming the element.
 */
import { XMLParser } from 'fast-xml-parser';
import { xmlProblem } from './xml';
import type { Fraction } from '../domain';
import { dropFrameAllowed } from '../timecode';
import { FormatError } from './formatError';

export interface IxmlTrack {
  /** The recorder's track number (CHANNEL_INDEX); in split mono files it is not the channel in this file. */
  readonly channel: number | null;
  /** Position of this track in this file's interleave, 1-based (INTERLEAVE_INDEX). */
  readonly interleave: number | null;
  readonly name: string | null;
}

export interface IxmlSpeed {
  readonly timecodeRate: Fraction | null;
  readonly timecodeFlag: 'DF' | 'NDF' | null;
  readonly masterSpeed: Fraction | null;
  readonly fileSampleRate: number | null;
  readonly timestampSampleRate: number | null;
  readonly timestampSamplesSinceMidnight: bigint | null;
}

export interface IxmlInfo {
  readonly version: string | null;
  readonly project: string | null;
  readonly scene: string | null;
  readonly take: string | null;
  /** The sound roll. */
  readonly tape: string | null;
  readonly circled: boolean | null;
  readonly notes: string | null;
  /** TAKE_TYPE values (`DEFAULT`, `NO_GOOD`, `FALSE_START`, `WILD_TRACK`, `PICKUP`, …). */
  readonly takeType: readonly string[];
  readonly speed: IxmlSpeed;
  readonly tracks: readonly IxmlTrack[];
}

declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(input: Uint8Array): string };

type XmlObject = Record<string, unknown>;
const parser = /* @__PURE__ */ new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name, path) => name === 'TRACK' && path === 'BWFXML.TRACK_LIST.TRACK',
});
const isObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (location: string | null, problem: string) => new FormatError('ixml', location, problem);

function text(parent: unknown, name: string, path: string): string | null {
  if (!isObject(parent)) return null;
  const value = parent[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw fail(`${path}${name}`, 'should hold text, not child elements');
  return value;
}

function wholeNumber(parent: unknown, name: string, path: string): number | null {
  const value = text(parent, name, path);
  if (value === null) return null;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw fail(`${path}${name}`, `“${value}” is not a whole number`);
  return Number(value);
}

const decimalRates: Record<string, Fraction> = {
  '23.976': { num: 24000, den: 1001 },
  '23.98': { num: 24000, den: 1001 },
  '29.97': { num: 30000, den: 1001 },
  '47.952': { num: 48000, den: 1001 },
  '59.94': { num: 60000, den: 1001 },
};

function rate(parent: unknown, name: string): Fraction | null {
  const value = text(parent, name, 'SPEED > ');
  if (value === null) return null;
  const fraction = /^(\d+)(?:\/(\d+))?$/.exec(value);
  if (fraction) {
    const result = { num: Number(fraction[1]), den: Number(fraction[2] ?? 1) };
    if (result.num > 0 && result.den > 0) return result;
  }
  const decimal = decimalRates[value] ?? (/^\d+(\.0+)?$/.test(value) ? { num: Number.parseInt(value, 10), den: 1 } : undefined);
  if (decimal && decimal.num > 0) return decimal;
  throw fail(`SPEED > ${name}`, `“${value}” is not a frame rate (expected e.g. 24000/1001 or 25/1)`);
}

export function parseIxml(payload: Uint8Array): IxmlInfo {
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    throw fail(null, 'is not UTF-8 text');
  }
  // Recorders reserve a fixed-size chunk and pad it with NULs (Zoom) or spaces (Sound Devices).
  xml = xml.replace(/^\uFEFF/, '').replace(/[\0\s]+$/, '');
  const broken = xmlProblem(xml);
  if (broken) throw fail(`line ${broken.line}`, broken.problem);
  const document = parser.parse(xml) as XmlObject;
  const root = document['BWFXML'];
  if (root === undefined)
    throw fail(null, `root element is ${Object.keys(document).find((key) => !key.startsWith('?')) ?? 'missing'}, not BWFXML`);

  const circledText = text(root, 'CIRCLED', '');
  let circled: boolean | null = null;
  if (circledText !== null) {
    if (!/^(true|false)$/i.test(circledText)) throw fail('CIRCLED', `“${circledText}” is neither TRUE nor FALSE`);
    circled = circledText.toUpperCase() === 'TRUE';
  }

  const speedNode = isObject(root) ? root['SPEED'] : undefined;
  const flag = text(speedNode, 'TIMECODE_FLAG', 'SPEED > ');
  if (flag !== null && !/^n?df$/i.test(flag)) throw fail('SPEED > TIMECODE_FLAG', `“${flag}” is neither DF nor NDF`);
  const hi = wholeNumber(speedNode, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI', 'SPEED > ');
  const lo = wholeNumber(speedNode, 'TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO', 'SPEED > ');
  for (const [name, value] of [
    ['HI', hi],
    ['LO', lo],
  ] as const) {
    if (value !== null && value > 0xffffffff)
      throw fail(`SPEED > TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_${name}`, `${value} does not fit in 32 bits`);
  }
  const timecodeRate = rate(speedNode, 'TIMECODE_RATE');
  if (flag !== null && /^df$/i.test(flag) && timecodeRate && !dropFrameAllowed(timecodeRate)) {
    throw fail(
      'SPEED > TIMECODE_FLAG',
      `DF at ${timecodeRate.num}/${timecodeRate.den}: drop-frame exists only at 30000/1001 and 60000/1001`,
    );
  }
  for (const name of ['FILE_SAMPLE_RATE', 'TIMESTAMP_SAMPLE_RATE']) {
    if (wholeNumber(speedNode, name, 'SPEED > ') === 0) throw fail(`SPEED > ${name}`, 'a sample rate cannot be 0');
  }
  const speed: IxmlSpeed = {
    timecodeRate,
    timecodeFlag: flag === null ? null : (flag.toUpperCase() as 'DF' | 'NDF'),
    masterSpeed: rate(speedNode, 'MASTER_SPEED'),
    fileSampleRate: wholeNumber(speedNode, 'FILE_SAMPLE_RATE', 'SPEED > '),
    timestampSampleRate: wholeNumber(speedNode, 'TIMESTAMP_SAMPLE_RATE', 'SPEED > '),
    timestampSamplesSinceMidnight: hi === null && lo === null ? null : (BigInt(hi ?? 0) << 32n) | BigInt(lo ?? 0),
  };

  const trackList = isObject(root) ? root['TRACK_LIST'] : undefined;
  const trackNodes = isObject(trackList) && Array.isArray(trackList['TRACK']) ? (trackList['TRACK'] as unknown[]) : [];
  const tracks = trackNodes.map((track, index) => {
    const path = `TRACK_LIST > TRACK #${index + 1} > `;
    return {
      channel: wholeNumber(track, 'CHANNEL_INDEX', path),
      interleave: wholeNumber(track, 'INTERLEAVE_INDEX', path),
      name: text(track, 'NAME', path),
    };
  });
  const takeType = text(root, 'TAKE_TYPE', '');
  return {
    version: text(root, 'IXML_VERSION', ''),
    project: text(root, 'PROJECT', ''),
    scene: text(root, 'SCENE', ''),
    take: text(root, 'TAKE', ''),
    tape: text(root, 'TAPE', ''),
    circled,
    notes: text(root, 'NOTE', ''),
    takeType:
      takeType === null
        ? []
        : takeType
            .split(',')
            .map((value) => value.trim())
            .filter((value) => value !== ''),
    speed,
    tracks,
  };
}
