import type { ReactElement } from 'react';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';

interface Props {
  /** What the control does, e.g. "Download". */
  action: string;
  /** Why it is disabled today, e.g. "Arrives with downloads". */
  reason: string;
  children: ReactElement;
}

/** A two-line tooltip: the action, then a quieter note. */
export function ToolTitle({ action, note }: { action: string; note?: string | undefined }) {
  return (
    <>
      <Box component="span" sx={{ display: 'block', fontWeight: 600 }}>
        {action}
      </Box>
      {note && (
        <Box component="span" sx={{ display: 'block', opacity: 0.75 }}>
          {note}
        </Box>
      )}
    </>
  );
}

/**
 * A control whose feature is not built yet: shown disabled with a tooltip saying when it
 * arrives, instead of a button that silently does nothing. Disabled buttons get no pointer
 * events, so the tooltip listens on a wrapper.
 */
export function PendingAction({ action, reason, children }: Props) {
  return (
    <Tooltip title={<ToolTitle action={action} note={reason} />} describeChild>
      <Box component="span" sx={{ display: 'inline-flex' }}>
        {children}
      </Box>
    </Tooltip>
  );
}
