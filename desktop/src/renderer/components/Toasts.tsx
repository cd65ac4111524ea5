import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import Alert, { type AlertColor } from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';

/** A button on a toast, e.g. Undo. */
export interface ToastAction {
  label: string;
  run(): void;
}

interface Toast {
  id: number;
  severity: AlertColor;
  message: string;
  action: ToastAction | undefined;
}

type ShowToast = (message: string, severity?: AlertColor, action?: ToastAction) => void;

const ToastContext = createContext<ShowToast>(() => undefined);

/** Short-lived messages at the bottom of the window, one at a time, newest wins. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Toast | null>(null);
  const [open, setOpen] = useState(false);

  const show = useCallback<ShowToast>((message, severity = 'info', action) => {
    setToast({ id: Date.now(), message, severity, action });
    setOpen(true);
  }, []);
  const value = useMemo(() => show, [show]);

  // An Undo stays long enough to be reached for; errors long enough to be read.
  const duration = toast?.action ? 10000 : toast?.severity === 'error' ? 8000 : 4000;

  return (
    <ToastContext.Provider value={value}>
      {children}
      <Snackbar
        key={toast?.id}
        open={open}
        autoHideDuration={duration}
        onClose={(_event, reason) => reason !== 'clickaway' && setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        sx={{ bottom: { xs: 40 } }}
      >
        <Alert
          severity={toast?.severity ?? 'info'}
          variant="filled"
          onClose={() => setOpen(false)}
          action={
            toast?.action ? (
              <Button
                color="inherit"
                size="small"
                sx={{ fontWeight: 600, minHeight: 24, py: 0 }}
                onClick={() => {
                  setOpen(false);
                  toast.action?.run();
                }}
              >
                {toast.action.label}
              </Button>
            ) : undefined
          }
          sx={{ minWidth: 320, maxWidth: 560, boxShadow: 6, whiteSpace: 'pre-line', alignItems: 'center' }}
        >
          {toast?.message}
        </Alert>
      </Snackbar>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
