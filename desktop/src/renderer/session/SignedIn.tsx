import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import type { AppInfo, SessionUser } from '@rushes/shared';
import { desktop, onCallRefused } from '../bridge/desktop';
import { AppFrame } from '../screens/AppFrame';
import { MfaEnrol } from '../screens/MfaEnrol';
import { Splash } from '../screens/Splash';
import { useIdleSignOut } from './useIdleSignOut';

export const securityQueryKeys = { mfa: ['security', 'mfa'], settings: ['security', 'settings'] } as const;

interface Props {
  user: SessionUser;
  appInfo: AppInfo | null;
  onSignOut(): void;
  /** The idle time ran out: sign out and say why. */
  onIdle(idleMinutes: number): void;
}

/**
 * A signed-in user: first the authenticator setup their groups require (the API refuses
 * everything else until then), then the app; all along, the idle sign-out.
 */
export function SignedIn({ user, appInfo, onSignOut, onIdle }: Props) {
  const queries = useQueryClient();
  const mfa = useQuery({ queryKey: securityQueryKeys.mfa, queryFn: () => desktop.mfaStatus() });
  const settings = useQuery({ queryKey: securityQueryKeys.settings, queryFn: () => desktop.securitySettings() });
  const [enrolling, setEnrolling] = useState(false);
  const idleMinutes = settings.data?.idleMinutes ?? null;
  const idle = useIdleSignOut(idleMinutes, () => onIdle(idleMinutes ?? 0));

  // Any call refused for want of enrolment (an admin reset it, or made the group require it): ask again.
  useEffect(
    () =>
      onCallRefused((code) => {
        if (code === 'MFA_ENROLMENT_REQUIRED') void queries.invalidateQueries({ queryKey: securityQueryKeys.mfa });
      }),
    [queries],
  );

  let screen;
  if (!mfa.data && !mfa.isError) screen = <Splash />;
  else if (mfa.data && ((mfa.data.required && !mfa.data.enrolled) || enrolling)) {
    screen = (
      <MfaEnrol
        appInfo={appInfo}
        email={user.email}
        required={mfa.data.required}
        onEnrolled={(status) => {
          queries.setQueryData(securityQueryKeys.mfa, status);
          setEnrolling(false);
        }}
        onLeave={() => (mfa.data?.required && !mfa.data.enrolled ? onSignOut() : setEnrolling(false))}
      />
    );
  } else {
    const optional = mfa.data && !mfa.data.required && !mfa.data.enrolled;
    screen = (
      <AppFrame user={user} appInfo={appInfo} onSignOut={onSignOut} onSetUpTwoStep={optional ? () => setEnrolling(true) : undefined} />
    );
  }

  return (
    <>
      {screen}
      <Dialog open={idle.warningUntil !== null} aria-labelledby="idle-title" aria-describedby="idle-text" maxWidth="xs">
        <DialogTitle id="idle-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
          Still there?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="idle-text">
            For the security of unreleased footage, Rushes signs you out after {idleMinutes} minutes without activity. You will be signed
            out at {idle.warningUntil ? new Date(idle.warningUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''}.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button color="inherit" onClick={onSignOut}>
            Sign out now
          </Button>
          <Button variant="contained" autoFocus onClick={idle.stay}>
            Stay signed in
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
