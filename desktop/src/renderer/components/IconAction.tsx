import type { ComponentType } from 'react';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';

/**
 * A small icon button with its tooltip (row actions, tool bars). One that can be disabled (`disabled` given,
 * true or false) sits in a span, so its tooltip still explains why when it is.
 */
export function IconAction({
  title,
  label,
  icon: Icon,
  disabled,
  onClick,
}: {
  title: string;
  label: string;
  icon: ComponentType<{ fontSize: 'small' }>;
  disabled?: boolean;
  onClick(): void;
}) {
  const button = (
    <IconButton size="small" aria-label={label} disabled={disabled} onClick={onClick}>
      <Icon fontSize="small" />
    </IconButton>
  );
  return <Tooltip title={title}>{disabled === undefined ? button : <span>{button}</span>}</Tooltip>;
}
