import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import VideoLibraryOutlined from '@mui/icons-material/VideoLibraryOutlined';
import { surface } from '../theme';

/** The folder tree. Today it holds only the root; folders arrive with folder management. */
export function FolderSidebar() {
  return (
    <Box
      component="nav"
      aria-labelledby="folders-heading"
      sx={{
        width: 240,
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
      <List dense disablePadding sx={{ p: 0.75 }}>
        <ListItemButton selected aria-current="page" sx={{ py: 0.5, px: 1 }}>
          <ListItemIcon sx={{ minWidth: 28, color: 'primary.light' }}>
            <VideoLibraryOutlined sx={{ fontSize: 18 }} />
          </ListItemIcon>
          <ListItemText primary="Library" slotProps={{ primary: { sx: { fontSize: '0.8125rem', fontWeight: 500 } } }} />
        </ListItemButton>
      </List>
    </Box>
  );
}
