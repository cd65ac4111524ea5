/**
 * `ascmhl/ascmhl_chain.xml`: the list of a folder's MHL generations, each named with the C4
 * id of its file's bytes, so a changed or missing generation is noticed. Namespace
 * `urn:ASC:MHL:DIRECTORY:v2.0` (ASCMHLDirectory.xsd).
 */
import { XMLParser } from 'fast-xml-parser';
import { xmlProblem } from '../xml';
import { FormatError } from '../formatError';
import { c4OfText, isHashValue, mhlHashError, type DigestFactory } from './hashes';

export const MHL_CHAIN_NAMESPACE = 'urn:ASC:MHL:DIRECTORY:v2.0';
export const MHL_CHAIN_FILE_NAME = 'ascmhl_chain.xml';

export interface MhlChainEntry {
  readonly sequence: number;
  /** The generation's file name inside `ascmhl/`. */
  readonly path: string;
  /** C4 id of the generation file's bytes. */
  readonly c4: string;
}

export interface MhlChain {
  readonly generations: readonly MhlChainEntry[];
}

type XmlObject = Record<string, unknown>;
const isObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text content of an element that may also carry attributes. */
export function xmlText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value)) return typeof value['#text'] === 'string' ? value['#text'] : '';
  return null;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const parser = /* @__PURE__ */ new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, path) => path === 'ascmhldirectory.hashlist',
});

export function readChain(xml: string): MhlChain {
  const fail = (where: string | null, problem: string) => new FormatError('mhl-chain', where, problem);
  const broken = xmlProblem(xml);
  if (broken) throw fail(`line ${broken.line}`, broken.problem);
  const document = parser.parse(xml) as XmlObject;
  const root = document['ascmhldirectory'];
  if (!isObject(root) && root !== '') {
    throw fail(null, `root element is ${Object.keys(document).find((key) => !key.startsWith('?')) ?? 'missing'}, not ascmhldirectory`);
  }
  if (!isObject(root) || root['@xmlns'] !== MHL_CHAIN_NAMESPACE) throw fail('ascmhldirectory', `namespace must be ${MHL_CHAIN_NAMESPACE}`);
  const entries = (root['hashlist'] as unknown[] | undefined) ?? [];
  if (entries.length === 0) throw fail('ascmhldirectory', 'lists no generation');
  const generations = entries.map((entry, index) => {
    const where = `hashlist #${index + 1}`;
    if (!isObject(entry)) throw fail(where, 'is empty');
    const sequenceText = typeof entry['@sequencenr'] === 'string' ? entry['@sequencenr'] : '';
    if (!/^\d+$/.test(sequenceText) || Number(sequenceText) < 1)
      throw fail(where, `sequencenr “${sequenceText}” is not a generation number (1, 2, …)`);
    const sequence = Number(sequenceText);
    if (sequence !== index + 1) throw fail(where, `sequencenr ${sequence} is out of order; generation ${index + 1} was expected`);
    const path = xmlText(entry['path']);
    if (!path) throw fail(`${where} > path`, 'is missing');
    const c4 = xmlText(entry['c4']);
    if (c4 === null) throw fail(`${where} > c4`, 'is missing');
    if (!isHashValue('c4', c4)) throw mhlHashError('mhl-chain', `${where} > c4`, 'c4', c4);
    return { sequence, path, c4 };
  });
  return { generations };
}

export function chainXml(chain: MhlChain): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<ascmhldirectory xmlns="${MHL_CHAIN_NAMESPACE}">`];
  for (const entry of chain.generations) {
    lines.push(
      `  <hashlist sequencenr="${entry.sequence}">`,
      `    <path>${escapeXml(entry.path)}</path>`,
      `    <c4>${entry.c4}</c4>`,
      '  </hashlist>',
    );
  }
  lines.push('</ascmhldirectory>');
  return `${lines.join('\n')}\n`;
}

/** Whether a generation file still has the bytes the chain recorded for it. */
export function chainEntryMatches(entry: MhlChainEntry, manifestXml: string, digests: DigestFactory): boolean {
  return c4OfText(manifestXml, digests) === entry.c4;
}
