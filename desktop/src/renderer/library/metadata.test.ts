import { describe, expect, it } from 'vitest';
import { NO_REVIEW, type AssetView } from '@rushes/shared';
import { clockFor } from './clock';
import { metadataGroups } from './metadata';
import { cameraTechnical } from '../../../../scripts/testing/technical';

const technical = cameraTechnical({
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  videoProfile: 'Standard',
  width: 1920,
  height: 1080,
  frameRate: { num: 30000, den: 1001 },
  durationSeconds: 4.004,
  startTimecode: '01:00:58;00',
});

function asset(change: Partial<AssetView> = {}): AssetView {
  return {
    id: 'Asset0001',
    key: 'Show/Day 1/A001C003.mov',
    folderPath: 'Show/Day 1/',
    name: 'A001C003.mov',
    size: 7_051_617,
    checksum: { algorithm: 'sha256', value: 'ab'.repeat(32) },
    kind: 'video',
    status: 'ready',
    failureReason: null,
    locations: {},
    technical,
    derived: { proxy: true, thumbnail: true, filmstrip: true, waveform: false, preview: false },
    createdBy: 'dit@example.com',
    createdAt: '2026-11-22T06:00:00.000Z',
    modifiedAt: '2026-11-22T06:01:00.000Z',
    version: 3,
    trash: null,
    tags: [],
    notes: '',
    review: NO_REVIEW,
    ...change,
  };
}

const value = (groups: ReturnType<typeof metadataGroups>, title: string, label: string) =>
  groups.find((group) => group.title === title)?.rows.find((row) => row.label === label)?.value;

describe('the metadata panel', () => {
  it('groups every probed field, with timecode in the clip’s own counting', () => {
    const groups = metadataGroups(asset());
    expect(groups.map((group) => group.title)).toEqual(['File', 'Video', 'Audio', 'Timecode', 'Checksum', 'Location']);
    expect(value(groups, 'Video', 'Frame rate')).toBe('29.97 fps (30000/1001)');
    expect(value(groups, 'Video', 'Chroma')).toBe('4:2:2');
    expect(value(groups, 'Audio', 'Sample rate')).toBe('48 kHz');
    expect(value(groups, 'Timecode', 'Start')).toBe('01:00:58;00');
    expect(value(groups, 'Timecode', 'End')).toBe('01:01:02;01');
    expect(value(groups, 'Timecode', 'Frames')).toBe('120');
    expect(value(groups, 'Timecode', 'Counting')).toBe('Drop-frame (;)');
    expect(value(groups, 'Checksum', 'SHA-256')).toBe('ab'.repeat(32));
    expect(value(groups, 'Location', 'Location')).toBe('S3 (on no edit share)');
  });

  it('names each edit share an asset is on, with its path there, and the failure reason', () => {
    const station = (id: string, name: string, platform: 'windows' | 'linux', shareRoot: string) => ({
      id,
      name,
      platform,
      shareRoot,
      instanceId: 'i-0123456789abcdef0',
      groups: [],
      createdAt: '2026-01-01T00:00:00Z',
      modifiedAt: '2026-01-01T00:00:00Z',
    });
    const workstations = [station('ws-bay-1', 'Edit 1', 'linux', '/mnt/fsx/media/'), station('ws-bay-2', 'Avid 2', 'windows', 'D:\\Media')];
    const locations = { 'ws-bay-1': 'S3_FSX', 'ws-bay-2': 'S3_FSX', 'ws-bay-3': 'S3', 'ws-hidden': 'S3_FSX' } as const;
    const groups = metadataGroups(asset({ locations, status: 'failed', failureReason: 'The file is empty.' }), workstations);
    expect(groups.find((group) => group.title === 'Location')!.rows.map((row) => `${row.label}=${row.value}`)).toEqual([
      'S3 key=Show/Day 1/A001C003.mov',
      'Location=S3_FSX (also on 3 edit shares)',
      'Avid 2=D:\\Media\\Show\\Day 1\\A001C003.mov',
      'Edit 1=/mnt/fsx/media/Show/Day 1/A001C003.mov',
      'Workstation ws-hidden=On its edit share (a workstation you cannot use)',
    ]);
    expect(value(groups, 'File', 'Why it failed')).toBe('The file is empty.');
  });

  it('says S3 when the asset was removed from every share', () => {
    const groups = metadataGroups(asset({ locations: { 'ws-bay-1': 'S3' } }), []);
    expect(value(groups, 'Location', 'Location')).toBe('S3 (on no edit share)');
  });

  it('leaves out groups a file has nothing for', () => {
    const groups = metadataGroups(asset({ kind: 'raw', technical: null, checksum: null }));
    expect(groups.map((group) => group.title)).toEqual(['File', 'Location']);
  });
});

describe('the viewer’s clock', () => {
  it('labels frames from the start timecode, drop-frame where the source is', () => {
    const clock = clockFor(asset(), null);
    expect(clock.frameCount).toBe(120);
    expect(clock.label(0)).toBe('01:00:58;00');
    expect(clock.label(59)).toBe('01:00:59;29');
    expect(clock.label(60)).toBe('01:01:00;02');
    expect(clock.length(120)).toBe('00:00:04;00');
    expect(clock.rateLabel).toBe('29.97 fps DF');
  });

  it('counts sound in hundredths of a second', () => {
    const clock = clockFor(
      asset({ kind: 'audio', technical: { ...technical, frameRate: null, durationSeconds: 3, startTimecode: null } }),
      null,
    );
    expect(clock.frameCount).toBe(300);
    expect(clock.label(250)).toBe('00:00:02.50');
    expect(clock.stepName).toBe('Step');
  });
});

describe('production metadata', () => {
  it('shows the sound report of a WAV, its roll and tracks, and why its iXML could not be read', () => {
    const sound = asset({
      kind: 'audio',
      name: 'T003.wav',
      production: { scene: '12A', take: '3', reel: 'SR004', circled: true, trackNames: ['Boom', ''], problem: 'iXML, TAKE: not closed' },
    });
    expect(metadataGroups(sound).find((group) => group.title === 'Production')?.rows).toEqual([
      { label: 'Scene', value: '12A' },
      { label: 'Take', value: '3' },
      { label: 'Circled', value: 'Yes (sound report)' },
      { label: 'Sound roll', value: 'SR004', mono: true },
      { label: 'Tracks', value: '1: Boom, 2: —' },
      { label: 'Could not read', value: 'iXML, TAKE: not closed' },
    ]);
    expect(metadataGroups(asset()).some((group) => group.title === 'Production')).toBe(false);
  });
});
