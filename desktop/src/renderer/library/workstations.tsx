import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { WorkstationPlatform, WorkstationView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { queryKeys } from './queries';

export const platformNames: Record<WorkstationPlatform, string> = {
  windows: 'Windows',
  linux: 'Linux',
  local: 'Local folder',
};

/** The workstations this user may send to (admins: all), and the platforms the backend runs. */
export interface Workstations {
  list: readonly WorkstationView[];
  platforms: readonly WorkstationPlatform[];
  /** Workstation id → name, for badges and the metadata panel. */
  names: ReadonlyMap<string, string>;
  loaded: boolean;
  error: string | null;
  reload(): void;
}

const empty: Workstations = { list: [], platforms: [], names: new Map(), loaded: false, error: null, reload: () => undefined };

export const WorkstationsContext = createContext<Workstations>(empty);

/** What the rest of the window reads through WorkstationsContext. */
export function useWorkstations(): Workstations {
  return useContext(WorkstationsContext);
}

/**
 * The workstation list, cached per set of groups (which ones a user may use follows them) and
 * loaded again on `reload()` (after an admin edits one).
 */
function useWorkstationList(groupsKey: string): Workstations {
  const answer = useQuery({ queryKey: queryKeys.workstations(groupsKey), queryFn: () => desktop.listWorkstations() });
  const { refetch } = answer;
  const reload = useCallback(() => void refetch(), [refetch]);
  const list = answer.data?.workstations ?? empty.list;
  const platforms = answer.data?.platforms ?? empty.platforms;
  const error = answer.isError ? toShownError(answer.error).message : null;
  const loaded = !answer.isPending;
  return useMemo(
    () => ({ list, platforms, loaded, error, names: new Map(list.map((station) => [station.id, station.name])), reload }),
    [list, platforms, loaded, error, reload],
  );
}

/** Gives the signed-in window its workstation list; which ones a user may use follows their groups. */
export function WorkstationsProvider({ groups, children }: { groups: readonly string[]; children: ReactNode }) {
  const value = useWorkstationList(groups.join('\n'));
  return <WorkstationsContext.Provider value={value}>{children}</WorkstationsContext.Provider>;
}
