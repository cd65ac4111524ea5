import { useCallback, useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import type { BackendState } from '../components/StatusBar';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { queryKeys } from './queries';

/** Who the backend says we are; also the connection check shown in the status bar. */
export function useBackend(): { me: MeResponse | null; backend: BackendState; check(): Promise<unknown> } {
  const toast = useToast();
  const answer = useQuery({ queryKey: queryKeys.me, queryFn: () => desktop.getMe() });
  const message = answer.isError ? toShownError(answer.error).message : null;
  const { errorUpdatedAt, refetch } = answer;
  // Said once per failed check, not once per render.
  const told = useRef(0);
  useEffect(() => {
    if (!message || told.current === errorUpdatedAt) return;
    told.current = errorUpdatedAt;
    toast(message, 'error');
  }, [message, errorUpdatedAt, toast]);
  const backend: BackendState = message
    ? { kind: 'unreachable', message }
    : answer.isSuccess
      ? { kind: 'connected', checkedAt: new Date(answer.dataUpdatedAt) }
      : { kind: 'checking' };
  const check = useCallback(() => refetch(), [refetch]);
  return { me: answer.data ?? null, backend, check };
}
