import { useState } from 'react';
import { useToast } from '../components/Toasts';

/**
 * The dialog or confirmation an admin tab has open (`pending`), and `done`, which ends one
 * that succeeded: a toast, the dialog closed, the tab's rows loaded again (`reload`), then
 * `afterDone` for copies of them kept elsewhere.
 */
export function usePending<Pending>(reload: () => void, afterDone?: () => void) {
  const toast = useToast();
  const [pending, setPending] = useState<Pending | null>(null);
  const close = () => setPending(null);
  const done = (message: string) => {
    toast(message, 'success');
    setPending(null);
    reload();
    afterDone?.();
  };
  return { pending, setPending, close, done };
}
