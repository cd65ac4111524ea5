import type { AssetView, WorkstationView } from '@rushes/shared';

/** Where an asset is besides S3, and where a file lands on a workstation's share: pure rules for badges, the metadata panel and the copy dialog. */

export type LocationPlace = { id: string; name: string; known: boolean };

/** The workstations whose edit share holds this asset (S3_FSX), by name; ids this user cannot see stay ids. */
export function editSharesOf(asset: Pick<AssetView, 'locations'>, names: ReadonlyMap<string, string>): LocationPlace[] {
  return Object.entries(asset.locations)
    .filter(([, location]) => location === 'S3_FSX')
    .map(([id]) => ({ id, name: names.get(id) ?? id, known: names.has(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** `D:\Media` + `Show/Day 1/A001.mov` → `D:\Media\Show\Day 1\A001.mov`: where a file lands, in the workstation's own notation. */
export function sharePath(station: Pick<WorkstationView, 'platform' | 'shareRoot'>, relative: string): string {
  const separator = station.platform === 'windows' ? '\\' : '/';
  const root = station.shareRoot.replace(/[\\/]+$/, '');
  if (relative === '') return root || separator;
  return `${root}${separator}${relative.split('/').join(separator)}`;
}
