import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { pathSegments } from '../library/entries';
import { surface } from '../theme';

interface Props {
  /** The folder shown, or null for the trash. */
  path: string | null;
  /** Shown instead of breadcrumbs when path is null; `Trash` by default. */
  title?: string;
  onNavigate(path: string): void;
  /** Counts and status on the right. */
  summary: ReactNode;
}

/** Where the user is in the library (each crumb navigates), and how much is here. */
export function PathBar({ path, title, onNavigate, summary }: Props) {
  const crumbs = path === null ? [] : pathSegments(path);
  const crumb = (label: string, target: string, current: boolean) =>
    current ? (
      // The current folder is the screen's title; its crumb keeps the look of the others.
      <Typography key={target} variant="body1" component="h1" aria-current="page" sx={{ color: 'text.primary', fontWeight: 500 }}>
        {label}
      </Typography>
    ) : (
      <Link
        key={target}
        component="button"
        type="button"
        variant="body1"
        underline="hover"
        color="text.secondary"
        onClick={() => onNavigate(target)}
      >
        {label}
      </Link>
    );
  return (
    <Box
      sx={{
        height: 36,
        flexShrink: 0,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 2,
        px: 2,
        borderBottom: `1px solid ${surface.border}`,
        backgroundColor: surface.canvas,
      }}
    >
      <Breadcrumbs
        aria-label="Folder path"
        maxItems={8}
        itemsBeforeCollapse={2}
        itemsAfterCollapse={4}
        separator={<NavigateNextIcon sx={{ fontSize: 16 }} />}
        sx={{ minWidth: 0 }}
      >
        {path === null
          ? [
              <Typography key="trash" variant="body1" component="h1" aria-current="page" sx={{ color: 'text.primary', fontWeight: 500 }}>
                {title ?? 'Trash'}
              </Typography>,
            ]
          : [crumb('Library', '', path === ''), ...crumbs.map((segment) => crumb(segment.name, segment.path, segment.path === path))]}
      </Breadcrumbs>
      <Typography
        component="div"
        variant="body2"
        color="text.secondary"
        sx={{ whiteSpace: 'nowrap', display: 'flex', alignItems: 'center', gap: 1 }}
      >
        {summary}
      </Typography>
    </Box>
  );
}
