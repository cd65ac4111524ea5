/**
 * One ASC MHL v2 generation: `ascmhl/NNNN_<folder>_<yyyy-mm-dd>_<hhmmss>Z.mhl`, the hashes of
 * a folder's files at one moment (namespace `urn:ASC:MHL:v2.0`, ASCMHL.xsd). Generations are
 * never rewritten: each copy or check adds the next one and a line in the chain file.
 *
 * Written like the ASC's reference tool writes them; directory and root hashes (optional in
 * the schema) are not written.
 */
import { FormatError } from '../formatError';
import { chainXml, escapeXml, type MhlChain } from './chain';
import { c4OfText, isHashValue, MHL_HASH_FORMATS, mhlHashError, type DigestFactory, type MhlHashFormat } from './hashes';

export const MHL_NAMESPACE = 'urn:ASC:MHL:v2.0';
export type MhlAction = 'original' | 'verified' | 'failed';
export type MhlProcess = 'in-place' | 'transfer' | 'flatten';
export const MHL_PROCESSES: readonly MhlProcess[] = ['in-place', 'transfer', 'flatten'];
export const MHL_ACTIONS: readonly MhlAction[] = ['original', 'verified', 'failed'];
/** What the reference tool leaves out of every generation: macOS litter and the MHL folder itself. */
export const MHL_DEFAULT_IGNORE = ['.DS_Store', 'ascmhl', 'ascmhl/'];

export interface MhlFile {
  /** Relative to the folder the MHL covers, `/`-separated. */
  readonly path: string;
  readonly size: number;
  readonly lastModified: Date | string;
  /** Values in the formats the schema allows; at least one. */
  readonly hashes: Partial<Record<MhlHashFormat, string>>;
  readonly action: MhlAction;
}

export interface MhlAuthor {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly role?: string;
}

export interface MhlCreator {
  readonly hostName: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly authors?: readonly MhlAuthor[];
  readonly location?: string;
  readonly comment?: string;
}

export interface MhlGenerationInput {
  /** The folder's chain so far (readChain), null for its first generation. */
  readonly history: MhlChain | null;
  /** The folder's name, as it appears in the generation's file name (`A002R2EC`). */
  readonly rootName: string;
  readonly files: readonly MhlFile[];
  readonly creator: MhlCreator;
  readonly process: MhlProcess;
  /** When this generation is made (also each hash's hashdate): pass the clock's time. */
  readonly createdAt: Date;
  readonly ignore?: readonly string[];
  /** SHA-512 for the C4 id the chain records of this generation (node:crypto createHash). */
  readonly digests: DigestFactory;
}

export interface MhlGenerationOutput {
  readonly sequence: number;
  /** File name inside `ascmhl/`. */
  readonly manifestName: string;
  /** Write it as UTF-8, byte for byte: the chain's C4 id is of exactly these bytes. */
  readonly manifestXml: string;
  /** The whole new `ascmhl/ascmhl_chain.xml`. */
  readonly chainXml: string;
  readonly chain: MhlChain;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `2020-01-16T09:15:00+00:00`, the reference tool's spelling (UTC, whole seconds). */
export function mhlDate(value: Date | string, where: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new FormatError('mhl', where, `“${String(value)}” is not a date and time`);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00:00`;
}

/** A relative path with `/` separators and no empty, `.` or `..` segments; what MHL paths must be. */
export function checkMhlPath(path: string): string | null {
  if (path === '') return 'is empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to the folder, not absolute';
  if (path.includes('\\')) return 'must use / between folders, not \\';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'must not contain control characters';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return 'must not have empty, “.” or “..” parts';
  return null;
}

const EMAIL = /^[^@]+@[^.]+\..+$/;

export function writeGeneration(input: MhlGenerationInput): MhlGenerationOutput {
  const fail = (where: string, problem: string) => new FormatError('mhl', where, problem);
  const { rootName, creator } = input;
  // eslint-disable-next-line no-control-regex
  if (rootName === '' || /[/\\:\u0000-\u001f\u007f]/.test(rootName)) throw fail('root name', `“${rootName}” cannot be part of a file name`);
  if (!MHL_PROCESSES.includes(input.process)) throw fail('process', `“${input.process}” is not one of ${MHL_PROCESSES.join(', ')}`);
  if (creator.hostName.trim() === '') throw fail('creatorinfo > hostname', 'is empty');
  if (creator.tool.name.trim() === '') throw fail('creatorinfo > tool', 'is empty');
  const previous = input.history?.generations ?? [];
  previous.forEach((entry, index) => {
    if (entry.sequence !== index + 1) throw fail('history', `generation ${entry.sequence} is out of order; ${index + 1} was expected`);
  });
  const sequence = previous.length + 1;
  const createdAt = mhlDate(input.createdAt, 'creationdate');

  const seen = new Set<string>();
  const hashes = input.files.map((file) => {
    const where = `file ${file.path}`;
    const pathProblem = checkMhlPath(file.path);
    if (pathProblem) throw fail(where, `path ${pathProblem}`);
    if (seen.has(file.path)) throw fail(where, 'is listed twice');
    seen.add(file.path);
    if (!Number.isSafeInteger(file.size) || file.size < 0) throw fail(where, `size ${file.size} is not a number of bytes`);
    if (!MHL_ACTIONS.includes(file.action)) throw fail(where, `action “${file.action}” is not one of ${MHL_ACTIONS.join(', ')}`);
    for (const format of Object.keys(file.hashes)) {
      if (!(MHL_HASH_FORMATS as readonly string[]).includes(format)) {
        throw fail(where, `${format} is not an ASC MHL hash format (${MHL_HASH_FORMATS.join(', ')}); keep it in Rushes’ own records`);
      }
    }
    const values = MHL_HASH_FORMATS.filter((format) => file.hashes[format] !== undefined);
    if (values.length === 0) throw fail(where, 'has no hash');
    const lines = [
      '    <hash>',
      `      <path size="${file.size}" lastmodificationdate="${mhlDate(file.lastModified, `${where}, lastModified`)}">${escapeXml(file.path)}</path>`,
    ];
    for (const format of values) {
      const value = file.hashes[format]!;
      if (!isHashValue(format, value)) throw mhlHashError('mhl', where, format, value);
      lines.push(`      <${format} action="${file.action}" hashdate="${createdAt}">${value}</${format}>`);
    }
    lines.push('    </hash>');
    return lines.join('\n');
  });

  const authors = (creator.authors ?? []).map((author) => {
    if (author.email !== undefined && !EMAIL.test(author.email))
      throw fail('creatorinfo > author', `“${author.email}” is not an email address`);
    const attributes = (['email', 'phone', 'role'] as const)
      .filter((key) => author[key] !== undefined)
      .map((key) => ` ${key}="${escapeXml(author[key]!)}"`)
      .join('');
    return `    <author${attributes}>${escapeXml(author.name)}</author>`;
  });
  const ignore = input.ignore ?? MHL_DEFAULT_IGNORE;
  const manifestXml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<hashlist version="2.0" xmlns="${MHL_NAMESPACE}">`,
    '  <creatorinfo>',
    `    <creationdate>${createdAt}</creationdate>`,
    `    <hostname>${escapeXml(creator.hostName)}</hostname>`,
    `    <tool version="${escapeXml(creator.tool.version)}">${escapeXml(creator.tool.name)}</tool>`,
    ...authors,
    ...(creator.location !== undefined ? [`    <location>${escapeXml(creator.location)}</location>`] : []),
    ...(creator.comment !== undefined ? [`    <comment>${escapeXml(creator.comment)}</comment>`] : []),
    '  </creatorinfo>',
    '  <processinfo>',
    `    <process>${input.process}</process>`,
    ...(ignore.length > 0
      ? ['    <ignore>', ...ignore.map((pattern) => `      <pattern>${escapeXml(pattern)}</pattern>`), '    </ignore>']
      : []),
    '  </processinfo>',
    ...(hashes.length > 0 ? ['  <hashes>', ...hashes, '  </hashes>'] : []),
    '</hashlist>',
    '',
  ].join('\n');

  const stamp = createdAt.slice(0, 10) + '_' + createdAt.slice(11, 19).replace(/:/g, '');
  const manifestName = `${pad(sequence, 4)}_${rootName}_${stamp}Z.mhl`;
  const chain: MhlChain = { generations: [...previous, { sequence, path: manifestName, c4: c4OfText(manifestXml, input.digests) }] };
  return { sequence, manifestName, manifestXml, chainXml: chainXml(chain), chain };
}
