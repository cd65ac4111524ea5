import {
  aleFps,
  aleText,
  aleVideoFormat,
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

/** What an ALE lists: clips with picture or sound. */
const ALE_KINDS: ReadonlySet<string> = new Set(['video', 'raw', 'audio']);

/** The assets an ALE lists: stills, sidecars and a card's `ascmhl/` files are no clips to Avid. */
export function aleClips(assets: readonly AssetView[]): AssetView[] {
  return assets.filter((asset) => ALE_KINDS.has(asset.kind));
}

/** A take as the slate names it, so `12a`/`12A` and take `003`/`3` meet; null without both. */
function takeOf(asset: AssetView): string | null {
  const scene = asset.production?.scene?.trim().toUpperCase();
  const take = asset.production?.take
    ?.trim()
    .toUpperCase()
    .replace(/^0+(?=\d)/, '');
  return scene && take ? `${scene}\u0000${take}` : null;
}

/**
 * The takes circled by a sound report among the clips: a WAV whose iXML circles a take circles
 * the picture of that scene and take too. The WAV's own circle is read, so a take someone
 * uncircled on the sound file is not circled on the picture.
 */
function soundCircledTakes(assets: readonly AssetView[]): Set<string> {
  return new Set(
    assets
      .filter((asset) => asset.kind === 'audio' && asset.review.circled)
      .map(takeOf)
      .filter((take): take is string => take !== null),
  );
}

/**
 * The ALE bin: every clip (noted or not) with the slate its camera or sound report wrote
 * (scene, take, reel as Tape, camera), its circle or its sound report's, and its open notes
 * as comments, for the aleClips among the assets. An ALE counts every clip at one rate, so
 * clips at another rate are refused by name.
 */
function aleBin(assets: readonly AssetView[], notes: ReadonlyMap<string, Note[]>, selection: NoteSelection): string {
  const clips = aleClips(assets)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((asset) => ({ asset, clip: markerClip(asset, []) }));
  const first = clips[0];
  if (!first) throw new Error('There are no video or sound clips to write.');
  const rate = first.clip.rate;
  const other = clips.filter(({ clip }) => clip.rate.num * rate.den !== rate.num * clip.rate.den);
  if (other.length > 0) {
    throw new Error(
      `An ALE holds clips of one frame rate (${aleFps(rate)} here); ${other
        .slice(0, 3)
        .map(({ asset }) => asset.name)
        .join(', ')}${other.length > 3 ? ` and ${other.length - 3} more` : ''} run at another. Export them separately.`,
    );
  }
  const technical = first.asset.technical;
  const circledBySound = soundCircledTakes(assets);
  return aleText(
    clips.map(({ asset, clip }) => ({
      name: asset.name,
      tape: asset.production?.reel ?? clip.tape,
      start: clip.startTimecode,
      durationFrames: Math.max(1, clip.durationFrames ?? 1),
      hasVideo: asset.kind === 'video' || asset.kind === 'raw',
      audioTracks: asset.technical?.audioChannels ?? 0,
      scene: asset.production?.scene ?? null,
      take: asset.production?.take ?? null,
      camera: asset.production?.camera ?? null,
      circled: asset.review.circled || circledBySound.has(takeOf(asset) ?? ''),
      sourceFile: asset.name,
      comments:
        (notes.get(asset.id) ?? [])
          .filter((note) => note.parentId === null && (selection.includeResolved || !note.resolved))
          .map((note) => note.text)
          .join(' | ') || null,
    })),
    {
      videoFormat: technical?.width && technical.height ? aleVideoFormat(technical.width, technical.height) : 'CUSTOM',
      fps: rate,
      dropFrame: first.clip.dropFrame,
    },
  );
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
