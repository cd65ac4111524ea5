import { useCallback, useEffect, useRef, useState } from 'react';
import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import type { SessionState } from '@rushes/shared';
import { bridgeMissing, desktop, onDesktopEvent } from './bridge/desktop';
import { ToastProvider, useToast } from './components/Toasts';
import { toShownError } from './errors';
import { createQueryClient, queryKeys } from './library/queries';
import { WorkstationsProvider } from './library/workstations';
import { BridgeMissing } from './screens/BridgeMissing';
import { MfaCode } from './screens/MfaCode';
import { NewPassword } from './screens/NewPassword';
import { SignedIn } from './session/SignedIn';
import { SignIn, type Notice } from './screens/SignIn';
import { Splash } from './screens/Splash';
import { theme } from './theme';

const queryClient = createQueryClient();

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{bridgeMissing ? <BridgeMissing /> : <SessionScreens />}</ToastProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}

const sessionEnded: Notice = { severity: 'info', message: 'Your session ended; sign in again.' };

/** Picks the screen from the session main holds, and follows main's session events. */
function SessionScreens() {
  const toast = useToast();
  const queries = useQueryClient();
  const [session, setSession] = useState<SessionState | null>(null);
  const appInfo =
    useQuery({
      queryKey: queryKeys.appInfo,
      queryFn: () =>
        desktop.getAppInfo().catch((error: unknown) => {
          console.warn('getAppInfo failed', error);
          throw error;
        }),
    }).data ?? null;
  const [notice, setNotice] = useState<Notice | null>(null);
  const [lastEmail, setLastEmail] = useState('');
  // Read only in callbacks: the session on screen, and whether the user asked to sign out.
  const shown = useRef<SessionState | null>(null);
  const signingOut = useRef(false);
  const farewell = useRef<Notice | null>(null);
  const apiUrl = useRef<string | null>(null);

  const apply = useCallback(
    (next: SessionState) => {
      const endedUnasked = shown.current?.status === 'signedIn' && next.status === 'signedOut' && !signingOut.current;
      // Why a sign-out the app made happened (idle), for every copy of the signed-out event that follows.
      if (next.status === 'signedIn') farewell.current = null;
      setNotice(endedUnasked ? sessionEnded : next.status === 'signedOut' ? farewell.current : null);
      // Offer the email again only when the session ended on its own; after a deliberate sign-out
      // the next person at a shared edit bay should not see who was here before.
      if (next.status === 'signedIn') setLastEmail(next.user.email);
      else if (!endedUnasked) setLastEmail('');
      shown.current = next;
      setSession(next);
      // What one person was shown is never shown to the next one at this edit bay.
      if (next.status !== 'signedIn') queries.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.appInfo[0] });
      // An imported connection profile signs out and changes the backend: show the new one.
      if (next.status === 'signedOut') void queries.refetchQueries({ queryKey: queryKeys.appInfo });
    },
    [queries],
  );

  useEffect(() => {
    const unsubscribe = onDesktopEvent('session', apply);
    desktop.getSession().then(
      // An event may already have brought a newer state; the start-up answer must not undo it.
      (initial) => shown.current === null && apply(initial),
      (error: unknown) => {
        if (shown.current === null) apply({ status: 'signedOut' });
        setNotice({ severity: 'error', message: toShownError(error).message });
      },
    );
    return unsubscribe;
  }, [apply]);

  // A backend other than the one this window started with: say so on the sign-in screen.
  useEffect(() => {
    if (!appInfo) return;
    const before = apiUrl.current;
    apiUrl.current = appInfo.apiUrl;
    if (before && before !== appInfo.apiUrl)
      setNotice({ severity: 'success', message: `Connected to ${appInfo.apiUrl}. Sign in with your account there.` });
  }, [appInfo]);

  const signOut = useCallback(
    async (why?: Notice) => {
      signingOut.current = true;
      try {
        // Recorded while the token still works; a failure to record never keeps anyone signed in.
        if (shown.current?.status === 'signedIn') {
          await desktop
            .recordSignOut({ reason: why ? 'idle' : 'user' })
            .catch((error: unknown) => console.warn('sign-out not recorded', error));
        }
        farewell.current = why ?? null;
        apply(await desktop.signOut());
      } catch (error) {
        toast(toShownError(error).message, 'error');
        // Show whatever main really holds now rather than guess.
        await desktop.getSession().then(apply, () => undefined);
      } finally {
        signingOut.current = false;
      }
    },
    [apply, toast],
  );
  const signOutInBackground = useCallback(() => void signOut(), [signOut]);
  const signOutIdle = useCallback(
    (minutes: number) =>
      void signOut({ severity: 'info', message: `You were signed out after ${minutes} minutes without activity. Sign in again to go on.` }),
    [signOut],
  );

  if (session === null) return <Splash />;
  switch (session.status) {
    case 'signedOut':
      return <SignIn appInfo={appInfo} notice={notice} initialEmail={lastEmail} onSession={apply} />;
    case 'newPasswordRequired':
      return <NewPassword appInfo={appInfo} email={session.email} onSession={apply} onCancel={signOut} />;
    case 'mfaCodeRequired':
      return <MfaCode appInfo={appInfo} email={session.email} onSession={apply} onEnded={setNotice} onCancel={signOut} />;
    case 'signedIn':
      return (
        <WorkstationsProvider groups={session.user.groups}>
          <SignedIn user={session.user} appInfo={appInfo} onSignOut={signOutInBackground} onIdle={signOutIdle} />
        </WorkstationsProvider>
      );
  }
}
