import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import ArrowBack from '@mui/icons-material/ArrowBack';
import { AuditTab } from '../admin/AuditTab';
import { GroupsTab } from '../admin/GroupsTab';
import { SecurityTab } from '../admin/SecurityTab';
import { UsersTab } from '../admin/UsersTab';
import { WorkstationsTab } from '../admin/WorkstationsTab';
import { surface } from '../theme';

type AdminTab = 'users' | 'groups' | 'workstations' | 'security' | 'audit';

/** Administration: users, groups, edit workstations, sign-in security and the audit log. Only admins reach it; the API checks every call anyway. */
export function AdminScreen({ me, onClose }: { me: string; onClose(): void }) {
  const [tab, setTab] = useState<AdminTab>('users');
  return (
    <Box
      component="main"
      aria-label="Administration"
      sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', backgroundColor: surface.canvas }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 2,
          px: 2,
          borderBottom: `1px solid ${surface.border}`,
          backgroundColor: surface.panel,
        }}
      >
        <Button size="small" color="inherit" startIcon={<ArrowBack fontSize="small" />} onClick={onClose}>
          Library
        </Button>
        <Typography variant="subtitle2" component="h1" sx={{ fontWeight: 600 }}>
          Administration
        </Typography>
        <Tabs
          value={tab}
          onChange={(_, value: AdminTab) => setTab(value)}
          aria-label="Administration sections"
          sx={{ minHeight: 44, '& .MuiTab-root': { minHeight: 44 } }}
        >
          <Tab value="users" label="Users" />
          <Tab value="groups" label="Groups" />
          <Tab value="workstations" label="Workstations" />
          <Tab value="security" label="Security" />
          <Tab value="audit" label="Audit log" />
        </Tabs>
      </Box>
      {tab === 'users' && <UsersTab me={me} />}
      {tab === 'groups' && <GroupsTab me={me} />}
      {tab === 'workstations' && <WorkstationsTab />}
      {tab === 'security' && <SecurityTab />}
      {tab === 'audit' && <AuditTab />}
    </Box>
  );
}
