import { memo } from 'react';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import AudiotrackOutlined from '@mui/icons-material/AudiotrackOutlined';
import DescriptionOutlined from '@mui/icons-material/DescriptionOutlined';
import FolderRounded from '@mui/icons-material/FolderRounded';
import ImageOutlined from '@mui/icons-material/ImageOutlined';
import InsertDriveFileOutlined from '@mui/icons-material/InsertDriveFileOutlined';
import MovieOutlined from '@mui/icons-material/MovieOutlined';
import RawOnOutlined from '@mui/icons-material/RawOnOutlined';
import type { AssetView } from '@rushes/shared';
import type { Entry } from '../library/entries';

type Kind = AssetView['kind'] | 'folder';

const icons: Record<Kind, (props: SvgIconProps) => React.JSX.Element> = {
  folder: (props) => <FolderRounded {...props} />,
  video: (props) => <MovieOutlined {...props} />,
  audio: (props) => <AudiotrackOutlined {...props} />,
  image: (props) => <ImageOutlined {...props} />,
  raw: (props) => <RawOnOutlined {...props} />,
  sidecar: (props) => <DescriptionOutlined {...props} />,
  other: (props) => <InsertDriveFileOutlined {...props} />,
};

/** Quiet per-kind tints so a mixed folder scans at a glance without turning into confetti. */
export const kindColour: Record<Kind, string> = {
  folder: '#c9a54a',
  video: '#6ea0f5',
  audio: '#57ab5a',
  image: '#b083f0',
  raw: '#e0823d',
  sidecar: '#9aa0ab',
  other: '#9aa0ab',
};

export function entryKind(entry: Entry): Kind {
  return entry.type === 'folder' ? 'folder' : entry.asset.kind;
}

export function MediaIcon({ kind, ...props }: { kind: Kind } & SvgIconProps) {
  const Icon = icons[kind];
  return <Icon aria-hidden="true" htmlColor={kindColour[kind]} {...props} />;
}

/** The same icon for rows that render by the hundred: no per-instance styles to compute. */
export const RowIcon = memo(function RowIcon({ kind, size }: { kind: Kind; size: number }) {
  const Icon = icons[kind];
  return <Icon aria-hidden="true" htmlColor={kindColour[kind]} style={{ fontSize: size, flexShrink: 0 }} />;
});
