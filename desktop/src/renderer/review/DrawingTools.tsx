import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import CallMadeRounded from '@mui/icons-material/CallMadeRounded';
import CheckRounded from '@mui/icons-material/CheckRounded';
import CropSquareRounded from '@mui/icons-material/CropSquareRounded';
import DeleteSweepOutlined from '@mui/icons-material/DeleteSweepOutlined';
import GestureRounded from '@mui/icons-material/GestureRounded';
import UndoRounded from '@mui/icons-material/UndoRounded';
import { IconAction } from '../components/IconAction';
import { PRODUCTION_COLOURS, type DrawingTool } from './shapes';
import type { ReviewSession } from './useReviewSession';

const tools: { value: DrawingTool; label: string; icon: React.ReactNode }[] = [
  { value: 'pen', label: 'Pen', icon: <GestureRounded fontSize="small" /> },
  { value: 'arrow', label: 'Arrow', icon: <CallMadeRounded fontSize="small" /> },
  { value: 'rect', label: 'Rectangle', icon: <CropSquareRounded fontSize="small" /> },
];

/** The drawing tools over the picture while a note is written: pen, arrow, rectangle, a colour, undo. */
export function DrawingTools({ session }: { session: ReviewSession }) {
  const { drawing, draft } = session;
  if (!draft) return null;
  return (
    <Box
      role="toolbar"
      aria-label="Drawing tools"
      sx={{
        position: 'absolute',
        top: 12,
        left: 12,
        zIndex: 3,
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        px: 1,
        py: 0.5,
        borderRadius: '8px',
        backgroundColor: 'rgba(20, 21, 24, 0.88)',
        border: '1px solid rgba(255,255,255,0.12)',
        boxShadow: 4,
      }}
    >
      <ToggleButtonGroup
        size="small"
        exclusive
        value={drawing.tool}
        aria-label="Shape"
        onChange={(_event, value: DrawingTool | null) => value && drawing.setTool(value)}
      >
        {tools.map((tool) => (
          <ToggleButton key={tool.value} value={tool.value} aria-label={tool.label} sx={{ px: 0.75, py: 0.5 }}>
            <Tooltip title={tool.label}>
              <Box component="span" sx={{ display: 'flex' }}>
                {tool.icon}
              </Box>
            </Tooltip>
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Box role="radiogroup" aria-label="Colour" sx={{ display: 'flex', gap: 0.5 }}>
        {PRODUCTION_COLOURS.map((colour) => {
          const chosen = drawing.colour === colour.value;
          return (
            <Box
              key={colour.value}
              component="button"
              type="button"
              role="radio"
              aria-checked={chosen}
              aria-label={colour.name}
              title={colour.name}
              onClick={() => drawing.setColour(colour.value)}
              sx={{
                all: 'unset',
                width: 20,
                height: 20,
                borderRadius: '50%',
                display: 'grid',
                placeItems: 'center',
                cursor: 'pointer',
                backgroundColor: colour.value,
                boxShadow: chosen ? '0 0 0 2px #141518, 0 0 0 4px #e6e7ea' : 'inset 0 0 0 1px rgba(0,0,0,0.4)',
                '&:focus-visible': { outline: '2px solid #6ea0f5', outlineOffset: 3 },
              }}
            >
              {chosen && (
                <CheckRounded sx={{ fontSize: 14, color: colour.value === '#ffffff' || colour.value === '#ffd60a' ? '#111' : '#fff' }} />
              )}
            </Box>
          );
        })}
      </Box>
      {[
        { label: 'Undo the last shape', icon: UndoRounded, run: session.undoShape },
        { label: 'Clear the drawing', icon: DeleteSweepOutlined, run: session.clearShapes },
      ].map(({ label, icon, run }) => (
        <IconAction key={label} title={label} label={label} icon={icon} disabled={draft.shapes.length === 0} onClick={run} />
      ))}
    </Box>
  );
}
