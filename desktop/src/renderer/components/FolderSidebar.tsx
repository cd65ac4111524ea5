import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import ChevronRight from '@mui/icons-material/ChevronRight';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import SavedSearchOutlined from '@mui/icons-material/SavedSearchOutlined';
import IconButton from '@mui/material/IconButton';
import ExpandMore from '@mui/icons-material/ExpandMore';
import VideoLibraryOutlined from '@mui/icons-material/VideoLibraryOutlined';
import { alpha } from '@mui/material/styles';
import type { FolderView } from '@rushes/shared';
import { matchesCommand } from '../commands/registry';
import { parentPath } from '../library/entries';
import { folderChildrenQuery } from '../library/queries';
import type { SavedSearch } from '../library/savedSearches';
import { surface } from '../theme';
import { MediaIcon } from './MediaIcon';

export type Place = { kind: 'folder'; path: string } | { kind: 'trash' };

interface Props {
  place: Place;
  /** The folder whose branch stays open (the last one shown, also while the trash is open). */
  openPath: string;
  onNavigate(place: Place): void;
  savedSearches: SavedSearch[];
  /** The search text now in the box, to mark the saved search it came from. */
  activeSearch: string;
  onOpenSearch(text: string): void;
  onRemoveSearch(name: string): void;
  /** Right-click on a folder in the tree. */
  onFolderMenu(event: MouseEvent, folder: FolderView): void;
}

function ancestorsOf(path: string): string[] {
  const out = [''];
  let at = path;
  while (at !== '') {
    out.push(at);
    at = parentPath(at);
  }
  return out;
}

interface NodeProps {
  path: string;
  name: string;
  depth: number;
  isExpanded(path: string): boolean;
  current: string | null;
  onToggle(path: string, expanded: boolean): void;
  onOpen(path: string): void;
  /** Right-click on a folder (not the library root): the folder menu. */
  onMenu(event: MouseEvent, folder: FolderView): void;
  /** The folder shown; null for the library root. */
  folder: FolderView | null;
}

/** A branch's subfolders load when it opens, and stay cached (and kept current by the feed) when it closes. */
function TreeNode({ path, name, depth, isExpanded, current, onToggle, onOpen, onMenu, folder }: NodeProps) {
  const expanded = isExpanded(path);
  const listed = useQuery({ ...folderChildrenQuery(path), enabled: expanded });
  const kids = listed.data?.folders ?? (listed.isError ? [] : undefined);
  const selected = current === path;
  const isRoot = path === '';
  // A flat tree (levels in aria-level): a treeitem holding its subfolders would take their names into its own.
  return (
    <>
      <Box
        component="li"
        role="treeitem"
        aria-expanded={kids && kids.length === 0 ? undefined : expanded}
        aria-selected={selected}
        aria-level={depth + 1}
        aria-label={name}
        sx={{ listStyle: 'none' }}
      >
        <Box
          onClick={() => onOpen(path)}
          onContextMenu={(event) => {
            event.preventDefault();
            if (folder) onMenu(event, folder);
          }}
          tabIndex={selected ? 0 : -1}
          onKeyDown={(event) => {
            const step = matchesCommand('nextFolder', event) ? 1 : matchesCommand('previousFolder', event) ? -1 : 0;
            if (matchesCommand('showFolder', event)) onOpen(path);
            else if (matchesCommand('expandFolder', event) && !expanded) onToggle(path, true);
            else if (matchesCommand('collapseFolder', event) && expanded && !isRoot) onToggle(path, false);
            else if (step) {
              // Walk the visible rows of the tree in document order.
              const rows = Array.from(event.currentTarget.closest('[role="tree"]')?.querySelectorAll<HTMLElement>('[data-path]') ?? []);
              rows[rows.indexOf(event.currentTarget) + step]?.focus();
            } else return;
            event.preventDefault();
          }}
          data-path={path}
          sx={{
            height: 26,
            display: 'flex',
            alignItems: 'center',
            gap: 0.5,
            pl: `${4 + depth * 14}px`,
            pr: 1,
            borderRadius: 1,
            cursor: 'default',
            color: selected ? 'text.primary' : 'text.secondary',
            backgroundColor: selected ? alpha('#2f6fdf', 0.24) : 'transparent',
            '&:hover': { backgroundColor: selected ? alpha('#2f6fdf', 0.3) : surface.hover, color: 'text.primary' },
            '&:focus-visible': { outline: '2px solid #6ea0f5', outlineOffset: -2 },
          }}
        >
          <Box
            component="span"
            role="button"
            aria-label={expanded ? `Collapse ${name}` : `Expand ${name}`}
            tabIndex={-1}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(path, !expanded);
            }}
            sx={{
              width: 16,
              height: 16,
              display: 'grid',
              placeItems: 'center',
              flexShrink: 0,
              visibility: kids && kids.length === 0 ? 'hidden' : 'visible',
            }}
          >
            {expanded && kids === undefined ? (
              <CircularProgress size={10} color="inherit" />
            ) : expanded ? (
              <ExpandMore sx={{ fontSize: 16 }} />
            ) : (
              <ChevronRight sx={{ fontSize: 16 }} />
            )}
          </Box>
          {isRoot ? (
            <VideoLibraryOutlined sx={{ fontSize: 16, color: 'primary.light' }} aria-hidden="true" />
          ) : (
            <MediaIcon kind="folder" sx={{ fontSize: 16 }} />
          )}
          <Typography component="span" noWrap sx={{ fontSize: '0.8rem', fontWeight: isRoot || selected ? 500 : 400, ml: 0.5 }}>
            {name}
          </Typography>
        </Box>
      </Box>
      {expanded &&
        kids &&
        kids.map((child) => (
          <TreeNode
            key={child.path}
            folder={child}
            path={child.path}
            name={child.name}
            depth={depth + 1}
            isExpanded={isExpanded}
            current={current}
            onToggle={onToggle}
            onOpen={onOpen}
            onMenu={onMenu}
          />
        ))}
    </>
  );
}

/** The folder tree: children load when a branch opens; the current folder's branch stays open. */
export function FolderSidebar({
  place,
  openPath,
  onNavigate,
  savedSearches,
  activeSearch,
  onOpenSearch,
  onRemoveSearch,
  onFolderMenu,
}: Props) {
  const client = useQueryClient();
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const current = place.kind === 'folder' ? place.path : null;
  const ancestors = useMemo(() => new Set(ancestorsOf(openPath)), [openPath]);

  const isExpanded = useCallback((path: string) => toggled[path] ?? (path === '' || ancestors.has(path)), [ancestors, toggled]);

  // The branches down to the open folder load side by side rather than one level at a time.
  useEffect(() => {
    for (const path of ancestors) void client.prefetchQuery(folderChildrenQuery(path));
  }, [ancestors, client]);

  const onToggle = useCallback((path: string, expanded: boolean) => setToggled((previous) => ({ ...previous, [path]: expanded })), []);
  const onOpen = useCallback((path: string) => onNavigate({ kind: 'folder', path }), [onNavigate]);

  return (
    <Box
      component="nav"
      aria-labelledby="folders-heading"
      sx={{
        width: 248,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        backgroundColor: surface.panel,
        borderRight: `1px solid ${surface.border}`,
      }}
    >
      <Box sx={{ height: 36, display: 'flex', alignItems: 'center', px: 2, borderBottom: `1px solid ${surface.border}` }}>
        <Typography id="folders-heading" variant="overline" component="h2" color="text.secondary">
          Folders
        </Typography>
      </Box>
      <Box component="ul" role="tree" aria-label="Folders" sx={{ flex: 1, minHeight: 0, overflow: 'auto', m: 0, p: 0.75 }}>
        <TreeNode
          folder={null}
          path=""
          name="Library"
          depth={0}
          isExpanded={isExpanded}
          current={current}
          onToggle={onToggle}
          onOpen={onOpen}
          onMenu={onFolderMenu}
        />
      </Box>
      {savedSearches.length > 0 && (
        <Box
          component="section"
          aria-labelledby="saved-searches-heading"
          sx={{ borderTop: `1px solid ${surface.border}`, maxHeight: '35%', overflow: 'auto' }}
        >
          <Typography
            id="saved-searches-heading"
            variant="overline"
            component="h2"
            color="text.secondary"
            sx={{ display: 'block', px: 2, pt: 0.5 }}
          >
            Saved searches
          </Typography>
          <Box component="ul" aria-label="Saved searches" sx={{ m: 0, p: 0.75, pt: 0, listStyle: 'none' }}>
            {savedSearches.map((item) => {
              const active = item.text === activeSearch.trim();
              return (
                <Box
                  component="li"
                  key={item.name}
                  sx={{
                    display: 'flex',
                    alignItems: 'center',
                    borderRadius: 1,
                    backgroundColor: active ? alpha('#2f6fdf', 0.24) : 'transparent',
                    '&:hover': { backgroundColor: active ? undefined : surface.hover },
                    '&:hover .remove': { visibility: 'visible' },
                  }}
                >
                  <Box
                    component="button"
                    type="button"
                    title={item.text}
                    aria-current={active ? 'true' : undefined}
                    onClick={() => onOpenSearch(item.text)}
                    sx={{
                      all: 'unset',
                      flex: 1,
                      minWidth: 0,
                      height: 28,
                      display: 'flex',
                      alignItems: 'center',
                      gap: 1,
                      px: 1.25,
                      fontSize: '0.8rem',
                      cursor: 'default',
                      color: active ? 'text.primary' : 'text.secondary',
                      '&:focus-visible': { outline: '2px solid #6ea0f5' },
                    }}
                  >
                    <SavedSearchOutlined sx={{ fontSize: 17 }} aria-hidden="true" />
                    <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {item.name}
                    </Box>
                  </Box>
                  <IconButton
                    className="remove"
                    size="small"
                    aria-label={`Remove saved search ${item.name}`}
                    onClick={() => onRemoveSearch(item.name)}
                    sx={{ visibility: active ? 'visible' : 'hidden', mr: 0.25 }}
                  >
                    <CloseOutlined sx={{ fontSize: 14 }} />
                  </IconButton>
                </Box>
              );
            })}
          </Box>
        </Box>
      )}
      <Box sx={{ p: 0.75, borderTop: `1px solid ${surface.border}` }}>
        <Box
          component="button"
          type="button"
          aria-current={place.kind === 'trash' ? 'page' : undefined}
          onClick={() => onNavigate({ kind: 'trash' })}
          sx={{
            all: 'unset',
            boxSizing: 'border-box',
            width: '100%',
            height: 28,
            display: 'flex',
            alignItems: 'center',
            gap: 1,
            px: 1.25,
            borderRadius: 1,
            fontSize: '0.8rem',
            cursor: 'default',
            color: place.kind === 'trash' ? 'text.primary' : 'text.secondary',
            backgroundColor: place.kind === 'trash' ? alpha('#2f6fdf', 0.24) : 'transparent',
            '&:hover': { backgroundColor: surface.hover, color: 'text.primary' },
            '&:focus-visible': { outline: '2px solid #6ea0f5' },
          }}
        >
          <DeleteOutline sx={{ fontSize: 17 }} aria-hidden="true" />
          Trash
        </Box>
      </Box>
    </Box>
  );
}
