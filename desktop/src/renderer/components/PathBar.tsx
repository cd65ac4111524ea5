import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Typography from '@mui/material/Typography';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { surface } from '../theme';

interface Props {
  itemCount: number;
}

/** Where the user is in the library, and how much is here. */
export function PathBar({ itemCount }: Props) {
  return (
    <Box
      sx={{
        height: 36,
        flexShrink: 0,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        px: 2,
        borderBottom: `1px solid ${surface.border}`,
        backgroundColor: surface.canvas,
      }}
    >
      <Breadcrumbs aria-label="Folder path" separator={<NavigateNextIcon sx={{ fontSize: 16 }} />}>
        <Typography variant="body1" aria-current="page" sx={{ color: 'text.primary', fontWeight: 500 }}>
          Library
        </Typography>
      </Breadcrumbs>
      <Typography variant="body2" color="text.secondary">
        {itemCount === 1 ? '1 item' : `${itemCount} items`}
      </Typography>
    </Box>
  );
}
