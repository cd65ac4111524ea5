import { describe, expect, it } from 'vitest';
import { NO_REVIEW, type AssetView, type Note } from '@rushes/shared';
import { collectAssets, exportFileName, fetchNotes, markerFile, NOTES_BATCH, type ExportReader } from './markerExport';

function clip(id: string, noteCount: number, rate = { num: 25, den: 1 }): AssetView {
  return {
    id,
    name: `${id}.mov`,
    kind: 'video',
    technical: { frameRate: rate, startTimecode: '01:00:00:00', durationSeconds: 10, audioChannels: 2, width: 1920, height: 1080 },
    review: { ...NO_REVIEW, noteCount },
  } as unknown as AssetView;
}

const note = (assetId: string, frame: number, extra: Partial<Note> = {}): Note => ({
  id: `note-${assetId}-${frame}-xxxxxxxx`,
  assetId,
  parentId: null,
  author: 'ed@example.com',
  text: `at ${frame}`,
  frame,
  outFrame: null,
  drawing: [],
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  createdAt: '2026-12-06T10:00:00Z',
  editedAt: null,
  version: 1,
  ...extra,
});

describe('gathering what an export writes', () => {
  it('lists folders page by page and their subfolders, each asset once', async () => {
    const pages: Record<string, { folders: { path: string }[]; assets: AssetView[]; nextCursor: string | null }[]> = {
      'Day 1/': [
        { folders: [{ path: 'Day 1/A/' }], assets: [clip('a', 1)], nextCursor: 'p2' },
        { folders: [], assets: [clip('b', 0)], nextCursor: null },
      ],
      'Day 1/A/': [{ folders: [], assets: [clip('c', 2), clip('a', 1)], nextCursor: null }],
    };
    const asked: string[] = [];
    const reader: ExportReader = {
      listFolder: ({ path, cursor }) => {
        asked.push(`${path}${cursor ?? ''}`);
        return Promise.resolve(pages[path]![cursor ? 1 : 0]!);
      },
      notesBatch: () => Promise.reject(new Error('not asked')),
    };
    const found = await collectAssets({ title: 'Day 1', assets: [clip('z', 0)], folders: ['Day 1/'] }, reader, () => undefined);
    expect(found.map((asset) => asset.id).sort()).toEqual(['a', 'b', 'c', 'z']);
    expect(asked).toEqual(['Day 1/', 'Day 1/p2', 'Day 1/A/']);
  });

  it('asks for notes 500 assets at a time, only for assets that have notes, and says how far it is', async () => {
    const assets = Array.from({ length: 1201 }, (_, i) => clip(`c${i}`, i % 2 === 0 ? 1 : 0));
    const batches: number[] = [];
    const reader: ExportReader = {
      listFolder: () => Promise.reject(new Error('not asked')),
      notesBatch: ({ assetIds }) => {
        batches.push(assetIds.length);
        return Promise.resolve({ notes: assetIds.map((id) => note(id, 5)) });
      },
    };
    const seen: number[] = [];
    const notes = await fetchNotes(assets, reader, (progress) => seen.push(progress.done));
    expect(batches).toEqual([NOTES_BATCH, 101]);
    expect(notes.size).toBe(601);
    expect(seen.at(-1)).toBe(601);
  });
});

describe('the file', () => {
  const notes = new Map([
    [
      'a',
      [
        note('a', 10),
        note('a', 20, { resolved: true }),
        note('a', 10, { id: 'note-reply-xxxxxxxxx', parentId: 'note-a-10-xxxxxxxx', text: 'agreed' }),
      ],
    ],
  ]);

  it('leaves resolved notes out unless asked, and clips without notes out of marker files', () => {
    const text = markerFile('avid', 'Day 1', [clip('a', 3), clip('b', 0)], notes, { includeReplies: true, includeResolved: false });
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toContain('01:00:00:10');
    expect(text).toContain('agreed');
    const all = markerFile('csv', 'Day 1', [clip('a', 3)], notes, { includeReplies: false, includeResolved: true });
    expect(all).toContain('at 20');
    expect(all).not.toContain('agreed');
  });

  it('says so when nothing is left to write', () => {
    expect(() => markerFile('edl', 'Day 1', [clip('b', 0)], new Map(), {})).toThrow('None of these clips has an open note.');
  });

  it('refuses an ALE of clips at two rates, naming them', () => {
    expect(() => markerFile('ale', 'Day 1', [clip('a', 0), clip('b', 0, { num: 24000, den: 1001 })], new Map(), {})).toThrow(/b\.mov/);
    expect(markerFile('ale', 'Day 1', [clip('a', 0)], new Map(), {})).toMatch(/^Heading\r\n/);
  });

  it('writes the slate into the ALE, and circles the picture of a take its sound report circles', () => {
    const withSlate = (asset: AssetView, production: AssetView['production'], circled = false, kind = asset.kind): AssetView => ({
      ...asset,
      kind,
      production,
      review: { ...asset.review, circled },
    });
    const assets = [
      withSlate(clip('A001C001', 0), { scene: '12A', take: '3', reel: 'A001', camera: 'ARRI ALEXA 35 (A)' }),
      withSlate(clip('A001C002', 0), { scene: '12A', take: '4', reel: 'A001' }),
      withSlate(clip('B001C001', 0), { scene: '12a', take: '003', reel: 'B001' }),
      withSlate(clip('SR001_T3', 0), { scene: '12A', take: '3', reel: 'SR001', circled: true }, true, 'audio'),
      // A sound report someone uncircled since: its take is not circled on the picture.
      withSlate(clip('SR001_T4', 0), { scene: '12A', take: '4', reel: 'SR001', circled: true }, false, 'audio'),
    ];
    const lines = markerFile('ale', 'Day 1', assets, new Map(), {}).split('\r\n');
    const columns = lines[lines.indexOf('Column') + 1]!.split('\t');
    const rows = lines
      .slice(lines.indexOf('Data') + 1)
      .filter(Boolean)
      .map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value])));
    const pick = ({ Name, Tape, Camera, Scene, Take, Circled }: Record<string, string>) => ({ Name, Tape, Camera, Scene, Take, Circled });
    expect(rows.map(pick)).toEqual([
      { Name: 'A001C001.mov', Tape: 'A001', Camera: 'ARRI ALEXA 35 (A)', Scene: '12A', Take: '3', Circled: 'Yes' },
      { Name: 'A001C002.mov', Tape: 'A001', Camera: '', Scene: '12A', Take: '4', Circled: '' },
      { Name: 'B001C001.mov', Tape: 'B001', Camera: '', Scene: '12a', Take: '003', Circled: 'Yes' },
      { Name: 'SR001_T3.mov', Tape: 'SR001', Camera: '', Scene: '12A', Take: '3', Circled: 'Yes' },
      { Name: 'SR001_T4.mov', Tape: 'SR001', Camera: '', Scene: '12A', Take: '4', Circled: '' },
    ]);
  });

  it('leaves stills, sidecars and a card’s MHL files out of an ALE, and says so when nothing is left', () => {
    const other = (name: string, kind: string) => ({ ...clip(name, 0), name, kind, technical: null }) as unknown as AssetView;
    const manifest = other('0001_A001R1AB_2026-12-07_013959Z.mhl', 'sidecar');
    const text = markerFile('ale', 'Day 1', [clip('a', 0), manifest, other('still.png', 'image')], new Map(), {});
    expect(text).toContain('a.mov');
    expect(text).not.toContain('.mhl');
    expect(text).not.toContain('still.png');
    expect(() => markerFile('ale', 'Day 1', [manifest], new Map(), {})).toThrow('There are no video or sound clips to write.');
  });

  it('names the file after the title, without characters a share cannot hold', () => {
    expect(exportFileName('Show/Day 1', 'avid')).toBe('Show_Day 1 markers.txt');
    expect(exportFileName('Search: circled:yes', 'edl')).toBe('Search_ circled_yes markers.edl');
    expect(exportFileName('', 'csv')).toBe('Rushes notes.csv');
  });
});
