import { useCallback, useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import type { AppInfo, MeResponse, SessionUser } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { EmptyLibrary } from '../components/EmptyLibrary';
import { FolderSidebar } from '../components/FolderSidebar';
import { LibraryToolbar } from '../components/LibraryToolbar';
import { PathBar } from '../components/PathBar';
import { StatusBar, type BackendState } from '../components/StatusBar';
import { useToast } from '../components/Toasts';
import { UserMenu } from '../components/UserMenu';
import { toShownError } from '../errors';
import { surface } from '../theme';

interface Props {
  user: SessionUser;
  appInfo: AppInfo | null;
  onSignOut(): void;
}

function isSignOutShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'q';
}

/** The signed-in window: toolbar, folder tree, the current folder, status bar. */
export function AppFrame({ user, appInfo, onSignOut }: Props) {
  const toast = useToast();
  // Who the backend says we are (GET /v1/me); until it answers, what the session said.
  const [me, setMe] = useState<MeResponse | null>(null);
  const [backend, setBackend] = useState<BackendState>({ kind: 'checking' });
  const [refreshing, setRefreshing] = useState(false);

  // Records what GET /v1/me answered; used at start and by Refresh.
  const settle = useCallback(
    (answer: Promise<MeResponse>) =>
      answer.then(
        (value) => {
          setMe(value);
          setBackend({ kind: 'connected', checkedAt: new Date() });
        },
        (error: unknown) => {
          const { message } = toShownError(error);
          setBackend({ kind: 'unreachable', message });
          toast(message, 'error');
        },
      ),
    [toast],
  );

  useEffect(() => {
    void settle(desktop.getMe());
  }, [settle]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSignOutShortcut(event)) return;
      event.preventDefault();
      onSignOut();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onSignOut]);

  async function refresh() {
    setRefreshing(true);
    await settle(desktop.getMe());
    setRefreshing(false);
  }

  return (
    <Box sx={{ height: '100%', display: 'flex', flexDirection: 'column', backgroundColor: surface.canvas }}>
      <LibraryToolbar
        refreshing={refreshing}
        onRefresh={() => void refresh()}
        trailing={<UserMenu user={me ?? user} onSignOut={onSignOut} />}
      />
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <FolderSidebar />
        <Box component="main" aria-label="Library" sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <PathBar itemCount={0} />
          <EmptyLibrary />
        </Box>
      </Box>
      <StatusBar appInfo={appInfo} backend={backend} />
    </Box>
  );
}
