/**
 * Reading ASC MHL v2 generations that offload tools (Silverstack, ShotPut Pro, the ASC's own
 * tool) or Rushes wrote, and checking a folder's files against one.
 */
import { XMLParser } from 'fast-xml-parser';
import { xmlProblem } from '../xml';
import { FormatError } from '../formatError';
import { xmlText } from './chain';
import { isHashValue, MHL_HASH_FORMATS, mhlHashError, type MhlHashFormat } from './hashes';
import { MHL_ACTIONS, MHL_NAMESPACE, MHL_PROCESSES, type MhlAction, type MhlProcess } from './generation';

export interface MhlHashValue {
  readonly format: MhlHashFormat;
  readonly value: string;
  readonly action: MhlAction | null;
  readonly hashDate: string | null;
}

export interface MhlFileEntry {
  readonly path: string;
  readonly size: number | null;
  readonly lastModified: string | null;
  readonly hashes: readonly MhlHashValue[];
}

export interface MhlDirectoryEntry {
  readonly path: string;
  readonly content: readonly MhlHashValue[];
  readonly structure: readonly MhlHashValue[];
}

export interface MhlGeneration {
  readonly createdAt: string;
  readonly hostName: string;
  readonly tool: { readonly name: string; readonly version: string | null };
  readonly authors: readonly { name: string; email: string | null; role: string | null }[];
  readonly location: string | null;
  readonly comment: string | null;
  readonly process: MhlProcess;
  readonly rootHash: { readonly content: readonly MhlHashValue[]; readonly structure: readonly MhlHashValue[] } | null;
  readonly ignore: readonly string[];
  readonly files: readonly MhlFileEntry[];
  readonly directories: readonly MhlDirectoryEntry[];
  /** Other generations this one refers to (`references/hashlistreference`). */
  readonly references: readonly { path: string; c4: string }[];
}

type XmlObject = Record<string, unknown>;
const isObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const arrays = new Set([
  'hashlist.hashes.hash',
  'hashlist.hashes.directoryhash',
  'hashlist.creatorinfo.author',
  'hashlist.processinfo.ignore.pattern',
]);
const parser = /* @__PURE__ */ new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, path) => typeof path === 'string' && (arrays.has(path) || path === 'hashlist.references.hashlistreference'),
});
const fail = (where: string | null, problem: string) => new FormatError('mhl', where, problem);

function hashValues(node: unknown, where: string, allowed: (key: string) => boolean): MhlHashValue[] {
  if (!isObject(node)) return [];
  const values: MhlHashValue[] = [];
  for (const [key, raw] of Object.entries(node)) {
    if (key.startsWith('@') || allowed(key)) continue;
    if (!(MHL_HASH_FORMATS as readonly string[]).includes(key)) {
      throw fail(where, `${key} is not an ASC MHL hash format (${MHL_HASH_FORMATS.join(', ')})`);
    }
    const format = key as MhlHashFormat;
    const value = xmlText(raw) ?? '';
    if (!isHashValue(format, value)) throw mhlHashError('mhl', where, format, value);
    const attributes = isObject(raw) ? raw : {};
    const action = typeof attributes['@action'] === 'string' ? attributes['@action'] : null;
    if (action !== null && !(MHL_ACTIONS as readonly string[]).includes(action)) {
      throw fail(`${where} > ${format}`, `action “${action}” is not one of ${MHL_ACTIONS.join(', ')}`);
    }
    const hashDate = typeof attributes['@hashdate'] === 'string' ? attributes['@hashdate'] : null;
    values.push({ format, value, action: action as MhlAction | null, hashDate });
  }
  return values;
}

function required(parent: unknown, name: string, where: string): string {
  const value = isObject(parent) ? xmlText(parent[name]) : null;
  if (value === null || value === '') throw fail(`${where} > ${name}`, 'is missing');
  return value;
}

export function readGeneration(xml: string): MhlGeneration {
  const broken = xmlProblem(xml);
  if (broken) throw fail(`line ${broken.line}`, broken.problem);
  const document = parser.parse(xml) as XmlObject;
  const root = document['hashlist'];
  if (!isObject(root))
    throw fail(null, `root element is ${Object.keys(document).find((key) => !key.startsWith('?')) ?? 'missing'}, not hashlist`);
  if (root['@xmlns'] !== MHL_NAMESPACE) throw fail('hashlist', `namespace must be ${MHL_NAMESPACE}`);
  if (root['@version'] !== '2.0') throw fail('hashlist', `version “${String(root['@version'] ?? '')}” is not 2.0`);

  const creator = root['creatorinfo'];
  const toolNode = isObject(creator) ? creator['tool'] : undefined;
  const authors = (isObject(creator) && Array.isArray(creator['author']) ? creator['author'] : []).map((author: unknown) => ({
    name: xmlText(author) ?? '',
    email: isObject(author) && typeof author['@email'] === 'string' ? author['@email'] : null,
    role: isObject(author) && typeof author['@role'] === 'string' ? author['@role'] : null,
  }));
  const processInfo = root['processinfo'];
  const process = required(processInfo, 'process', 'processinfo');
  if (!(MHL_PROCESSES as readonly string[]).includes(process))
    throw fail('processinfo > process', `“${process}” is not one of ${MHL_PROCESSES.join(', ')}`);
  const rootHashNode = isObject(processInfo) ? processInfo['roothash'] : undefined;
  const noChildren = () => false;
  const rootHash = isObject(rootHashNode)
    ? {
        content: hashValues(rootHashNode['content'], 'processinfo > roothash > content', noChildren),
        structure: hashValues(rootHashNode['structure'], 'processinfo > roothash > structure', noChildren),
      }
    : null;
  const ignoreNode = isObject(processInfo) ? processInfo['ignore'] : undefined;
  const ignore = (isObject(ignoreNode) && Array.isArray(ignoreNode['pattern']) ? ignoreNode['pattern'] : []).map(
    (pattern: unknown) => xmlText(pattern) ?? '',
  );

  const hashesNode = root['hashes'];
  const fileNodes = isObject(hashesNode) && Array.isArray(hashesNode['hash']) ? (hashesNode['hash'] as unknown[]) : [];
  const files = fileNodes.map((node, index) => {
    const pathNode = isObject(node) ? node['path'] : undefined;
    const path = xmlText(pathNode);
    if (!path) throw fail(`hash #${index + 1} > path`, 'is missing');
    const where = `hash #${index + 1} (${path})`;
    const attributes = isObject(pathNode) ? pathNode : {};
    const sizeText = typeof attributes['@size'] === 'string' ? attributes['@size'] : null;
    if (sizeText !== null && !/^\d+$/.test(sizeText)) throw fail(where, `size “${sizeText}” is not a number of bytes`);
    const hashes = hashValues(node, where, (key) => key === 'path' || key === 'previousPath' || key === 'metadata');
    if (hashes.length === 0) throw fail(where, 'has no hash value');
    const lastModified = typeof attributes['@lastmodificationdate'] === 'string' ? attributes['@lastmodificationdate'] : null;
    return { path, size: sizeText === null ? null : Number(sizeText), lastModified, hashes };
  });
  const directoryNodes =
    isObject(hashesNode) && Array.isArray(hashesNode['directoryhash']) ? (hashesNode['directoryhash'] as unknown[]) : [];
  const directories = directoryNodes.map((node, index) => {
    const path = isObject(node) ? xmlText(node['path']) : null;
    if (path === null) throw fail(`directoryhash #${index + 1} > path`, 'is missing');
    const where = `directoryhash #${index + 1} (${path})`;
    return {
      path,
      content: hashValues(isObject(node) ? node['content'] : undefined, `${where} > content`, noChildren),
      structure: hashValues(isObject(node) ? node['structure'] : undefined, `${where} > structure`, noChildren),
    };
  });
  const referencesNode = root['references'];
  const references = (
    isObject(referencesNode) && Array.isArray(referencesNode['hashlistreference']) ? referencesNode['hashlistreference'] : []
  ).map((reference: unknown, index: number) => ({
    path: required(reference, 'path', `hashlistreference #${index + 1}`),
    c4: required(reference, 'c4', `hashlistreference #${index + 1}`),
  }));

  return {
    createdAt: required(creator, 'creationdate', 'creatorinfo'),
    hostName: required(creator, 'hostname', 'creatorinfo'),
    tool: {
      name: required(creator, 'tool', 'creatorinfo'),
      version: isObject(toolNode) && typeof toolNode['@version'] === 'string' ? toolNode['@version'] : null,
    },
    authors,
    location: isObject(creator) ? xmlText(creator['location']) : null,
    comment: isObject(creator) ? xmlText(creator['comment']) : null,
    process: process as MhlProcess,
    rootHash,
    ignore,
    files,
    directories,
    references,
  };
}

export interface ComputedFile {
  readonly path: string;
  readonly hashes: Partial<Record<MhlHashFormat, string>>;
}

export type MhlFileCheck =
  | { readonly path: string; readonly status: 'matched'; readonly formats: readonly MhlHashFormat[] }
  | {
      readonly path: string;
      readonly status: 'mismatched';
      readonly format: MhlHashFormat;
      readonly expected: string;
      readonly actual: string;
    }
  | { readonly path: string; readonly status: 'missing' }
  | { readonly path: string; readonly status: 'unverifiable'; readonly reason: string };

export interface MhlVerification {
  /** One per file the generation lists, in its order. */
  readonly files: readonly MhlFileCheck[];
  /** Files hashed now that the generation does not list. */
  readonly unlisted: readonly string[];
  readonly ok: boolean;
}

/**
 * Compares freshly computed hashes with a generation: per file `matched` (every format both
 * sides have agrees), `mismatched` (naming the format and both values), `missing` (listed but
 * not hashed now) or `unverifiable` (no format in common).
 */
export function verifyAgainst(manifest: MhlGeneration, computed: readonly ComputedFile[]): MhlVerification {
  const byPath = new Map(computed.map((file) => [file.path, file]));
  const files = manifest.files.map((entry): MhlFileCheck => {
    const now = byPath.get(entry.path);
    if (!now) return { path: entry.path, status: 'missing' };
    const common = entry.hashes.filter((hash) => now.hashes[hash.format] !== undefined);
    if (common.length === 0) {
      const listed = entry.hashes.map((hash) => hash.format).join(', ');
      return { path: entry.path, status: 'unverifiable', reason: `the generation has ${listed}; none of them was computed` };
    }
    const wrong = common.find((hash) => now.hashes[hash.format]!.toLowerCase() !== hash.value.toLowerCase());
    if (wrong)
      return { path: entry.path, status: 'mismatched', format: wrong.format, expected: wrong.value, actual: now.hashes[wrong.format]! };
    return { path: entry.path, status: 'matched', formats: common.map((hash) => hash.format) };
  });
  const listed = new Set(manifest.files.map((file) => file.path));
  const unlisted = computed.filter((file) => !listed.has(file.path)).map((file) => file.path);
  return { files, unlisted, ok: files.every((file) => file.status === 'matched') };
}
