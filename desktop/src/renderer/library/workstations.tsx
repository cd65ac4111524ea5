import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkstationPlatform, WorkstationView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';

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
 * Loads the workstation list once per signed-in window and again on `reload()` (after an admin
 * edits one, or when the groups in the session change).
 */
function useWorkstationList(groupsKey: string): Workstations {
  const [state, setState] = useState<Pick<Workstations, 'list' | 'platforms' | 'loaded' | 'error'>>({
    list: [],
    platforms: [],
    loaded: false,
    error: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    desktop.listWorkstations().then(
      (answer) => live && setState({ list: answer.workstations, platforms: answer.platforms, loaded: true, error: null }),
      (failure: unknown) => live && setState((previous) => ({ ...previous, loaded: true, error: toShownError(failure).message })),
    );
    return () => {
      live = false;
    };
  }, [version, groupsKey]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return useMemo(() => ({ ...state, names: new Map(state.list.map((station) => [station.id, station.name])), reload }), [state, reload]);
}

/** Gives the signed-in window its workstation list; which ones a user may use follows their groups. */
export function WorkstationsProvider({ groups, children }: { groups: readonly string[]; children: ReactNode }) {
  const value = useWorkstationList(groups.join('\n'));
  return <WorkstationsContext.Provider value={value}>{children}</WorkstationsContext.Provider>;
}
