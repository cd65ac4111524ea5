import {
  avidMarkersText,
  markerClip,
  notesCsv,
  notesEdl,
  resolveMarkersEdl,
  type AssetView,
  type MarkerClip,
  type Note,
  type NoteSelection,
} from '@rushes/shared';
import { aleBin } from './aleBin';

export { aleClips } from './aleBin';

/** The files the dialog writes, what each is for, and the dialog's title while it is chosen. */
export const MARKER_FORMATS = {
  avid: {
    label: 'Avid Media Composer markers (.txt)',
    title: 'Export markers for Avid Media Composer',
    extension: 'txt',
    mime: 'text/plain',
  },
  edl: { label: 'CMX 3600 EDL with locators (.edl)', title: 'Export an EDL with locators', extension: 'edl', mime: 'text/plain' },
  resolve: {
    label: 'DaVinci Resolve timeline markers (.edl)',
    title: 'Export markers for DaVinci Resolve',
    extension: 'edl',
    mime: 'text/plain',
  },
  csv: { label: 'Notes as CSV (.csv)', title: 'Export notes as CSV', extension: 'csv', mime: 'text/csv' },
  ale: { label: 'Avid Log Exchange bin with circled takes (.ale)', title: 'Export ALE for Avid', extension: 'ale', mime: 'text/plain' },
} as const;
export type MarkerFormat = keyof typeof MARKER_FORMATS;

/** The contract's most assets per notes batch. */
export const NOTES_BATCH = 500;

/** What the export reads: assets given as they are, folders with everything below them. */
export interface ExportSource {
  title: string;
  assets: AssetView[];
  folders: string[];
}

export interface ExportProgress {
  phase: 'listing' | 'notes' | 'writing';
  done: number;
  total: number;
}

/** The reads an export needs, as the desktop API answers them (a test gives its own). */
export interface ExportReader {
  listFolder(input: {
    path: string;
    cursor?: string;
  }): Promise<{ folders: { path: string }[]; assets: AssetView[]; nextCursor: string | null }>;
  notesBatch(input: { assetIds: string[] }): Promise<{ notes: Note[] }>;
}

/** Every asset of the source: folders listed page by page, their subfolders too; each asset once. */
export async function collectAssets(
  source: ExportSource,
  reader: ExportReader,
  progress: (p: ExportProgress) => void,
): Promise<AssetView[]> {
  const found = new Map(source.assets.map((asset) => [asset.id, asset]));
  const queue = [...source.folders];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    let cursor: string | undefined;
    do {
      const page = await reader.listFolder({ path, ...(cursor ? { cursor } : {}) });
      for (const asset of page.assets) found.set(asset.id, asset);
      // Subfolders come with the first page only.
      if (!cursor) queue.push(...page.folders.map((folder) => folder.path));
      cursor = page.nextCursor ?? undefined;
      progress({ phase: 'listing', done: found.size, total: 0 });
    } while (cursor);
  }
  return [...found.values()];
}

/** The notes of the assets that have any, asked for NOTES_BATCH assets at a time, by asset id. */
export async function fetchNotes(
  assets: readonly AssetView[],
  reader: ExportReader,
  progress: (p: ExportProgress) => void,
): Promise<Map<string, Note[]>> {
  const noted = assets.filter((asset) => asset.review.noteCount > 0).map((asset) => asset.id);
  const byAsset = new Map<string, Note[]>();
  progress({ phase: 'notes', done: 0, total: noted.length });
  for (let start = 0; start < noted.length; start += NOTES_BATCH) {
    const ids = noted.slice(start, start + NOTES_BATCH);
    const { notes } = await reader.notesBatch({ assetIds: ids });
    for (const note of notes) byAsset.set(note.assetId, [...(byAsset.get(note.assetId) ?? []), note]);
    progress({ phase: 'notes', done: Math.min(noted.length, start + ids.length), total: noted.length });
  }
  return byAsset;
}

/** The clips a marker file holds: those with a note it will write, by name so a list reads like the bin. */
export function clipsWithNotes(assets: readonly AssetView[], notes: ReadonlyMap<string, Note[]>, selection: NoteSelection): MarkerClip[] {
  return assets
    .filter((asset) => (notes.get(asset.id) ?? []).some((note) => note.parentId === null && (selection.includeResolved || !note.resolved)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((asset) => markerClip(asset, notes.get(asset.id) ?? []));
}

/** The notes the choices keep: open ones unless resolved are asked for, replies unless left out, replies only with their note. */
function chosenNotes(notes: readonly Note[], selection: NoteSelection): Note[] {
  const kept = new Set(
    notes.filter((note) => note.parentId === null && (selection.includeResolved || !note.resolved)).map((note) => note.id),
  );
  return notes.filter((note) =>
    note.parentId === null ? kept.has(note.id) : selection.includeReplies !== false && kept.has(note.parentId),
  );
}

/** A file name from the title: what S3 or a Windows share cannot hold becomes `_`. */
export function exportFileName(title: string, format: MarkerFormat): string {
  const printable = [...title].map((char) => (char.charCodeAt(0) < 32 ? '_' : char)).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'Rushes notes';
  const kind = format === 'resolve' ? ' resolve markers' : format === 'csv' || format === 'ale' ? '' : ' markers';
  return `${safe}${kind}.${MARKER_FORMATS[format].extension}`;
}

/** The file's text in the chosen format. */
export function markerFile(
  format: MarkerFormat,
  title: string,
  assets: readonly AssetView[],
  notes: ReadonlyMap<string, Note[]>,
  selection: NoteSelection,
): string {
  if (format === 'ale') return aleBin(assets, notes, selection);
  const clips = clipsWithNotes(assets, notes, selection);
  if (clips.length === 0)
    throw new Error(selection.includeResolved ? 'None of these clips has a note.' : 'None of these clips has an open note.');
  switch (format) {
    case 'avid':
      return avidMarkersText(clips, selection);
    case 'edl':
      return notesEdl(title, clips, selection);
    case 'resolve':
      return resolveMarkersEdl(title, clips, selection);
    case 'csv':
      // The CSV writes every note it is given: leave out what the choices leave out.
      return notesCsv(clips.map((clip) => ({ ...clip, notes: chosenNotes(clip.notes, selection) })));
  }
}
