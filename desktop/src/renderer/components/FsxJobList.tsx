import { memo } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ChevronRightOutlined from '@mui/icons-material/ChevronRightOutlined';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import DriveFileMoveOutlined from '@mui/icons-material/DriveFileMoveOutlined';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import FolderDeleteOutlined from '@mui/icons-material/FolderDeleteOutlined';
import type { TransferJob } from '@rushes/shared';
import { fileStateLook, isJobActive, jobStateText, jobTitle, type Tone } from '../library/fsxJobs';
import { formatDate, formatSize } from '../library/format';
import { monoFont, surface } from '../theme';

/** One grid for a job and its files, so a file's size and state sit under the job's. */
const columns = '20px 20px minmax(200px, 2fr) minmax(120px, 1.2fr) 150px minmax(160px, 1.6fr) 32px';

const toneColour: Record<Tone, string> = {
  neutral: 'text.secondary',
  active: 'primary.light',
  good: 'success.light',
  warning: 'warning.light',
  bad: 'error.light',
};

interface Props {
  jobs: readonly TransferJob[];
  details: ReadonlyMap<string, TransferJob>;
  expanded: ReadonlySet<string>;
  error: string | null;
  onToggle(id: string): void;
  onCancel(id: string): void;
}

/** S3 ↔ edit-share jobs in the Transfers panel: one row each, its files below when expanded. */
export function FsxJobList({ jobs, details, expanded, error, onToggle, onCancel }: Props) {
  return (
    <Box role="list" aria-label="Edit share jobs" sx={{ flex: 1, overflowY: 'auto' }}>
      {error && (
        <Typography
          variant="caption"
          color="warning.light"
          component="div"
          sx={{ px: 1.5, py: 0.75, borderBottom: `1px solid ${surface.border}` }}
        >
          The job list could not be refreshed: {error}
        </Typography>
      )}
      {jobs.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
          Copies to and removals from a workstation’s edit share appear here. To send files, right-click them or their folder and choose
          Copy to FSx…
        </Typography>
      )}
      {jobs.map((job) => (
        <JobRow
          key={job.id}
          job={details.get(job.id) ? { ...job, files: details.get(job.id)!.files } : job}
          open={expanded.has(job.id)}
          onToggle={onToggle}
          onCancel={onCancel}
        />
      ))}
    </Box>
  );
}

const JobRow = memo(function JobRow({
  job,
  open,
  onToggle,
  onCancel,
}: {
  job: TransferJob;
  open: boolean;
  onToggle(id: string): void;
  onCancel(id: string): void;
}) {
  const active = isJobActive(job.state);
  // A removal reports no bytes; done is done whatever the count says.
  const percent = job.state === 'succeeded' ? 100 : job.bytesTotal > 0 ? (job.bytesDone / job.bytesTotal) * 100 : 0;
  const measured = job.state === 'running' && (job.operation === 'copy' || job.bytesDone > 0);
  const title = jobTitle(job);
  const detail = jobStateText(job);
  const Icon = job.operation === 'copy' ? DriveFileMoveOutlined : FolderDeleteOutlined;
  const failed = job.state === 'failed';
  return (
    <Box
      role="listitem"
      aria-label={title}
      data-state={job.state}
      sx={{ borderBottom: `1px solid ${surface.border}`, ...(failed ? { boxShadow: 'inset 3px 0 0 #f47067' } : {}) }}
    >
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: columns,
          alignItems: 'center',
          columnGap: 1.5,
          px: 1.5,
          minHeight: 40,
          '&:hover': { backgroundColor: surface.hover },
        }}
      >
        <IconButton
          size="small"
          aria-label={open ? `Hide files of ${title}` : `Show files of ${title}`}
          aria-expanded={open}
          onClick={() => onToggle(job.id)}
          sx={{ p: 0.25 }}
        >
          {open ? <ExpandMoreOutlined fontSize="small" /> : <ChevronRightOutlined fontSize="small" />}
        </IconButton>
        <Icon
          fontSize="small"
          sx={{ color: 'text.secondary' }}
          aria-label={job.operation === 'copy' ? 'Copy to edit share' : 'Remove from edit share'}
        />
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="body2" noWrap title={title}>
            {title}
          </Typography>
          <Typography variant="caption" color="text.secondary" noWrap component="div" sx={{ fontSize: '0.6875rem' }}>
            {job.requestedBy} · {formatDate(job.createdAt)}
          </Typography>
        </Box>
        <LinearProgress
          variant={active && !measured ? 'indeterminate' : 'determinate'}
          value={percent}
          color={failed ? 'error' : job.state === 'succeeded' ? 'success' : 'primary'}
          aria-label={`Progress of ${title}`}
          aria-valuenow={Math.round(percent)}
          sx={active ? undefined : { '& .MuiLinearProgress-bar': { transition: 'none' } }}
        />
        <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {job.state === 'succeeded' ? formatSize(job.bytesTotal) : `${formatSize(job.bytesDone)} of ${formatSize(job.bytesTotal)}`}
        </Typography>
        <Typography
          variant="caption"
          noWrap
          title={detail}
          color={failed ? 'error.light' : job.state === 'succeeded' ? 'success.light' : 'text.secondary'}
          sx={{ fontWeight: failed ? 600 : undefined }}
        >
          {detail}
        </Typography>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
          {active && (
            <Tooltip title={`Cancel ${title}`}>
              <IconButton size="small" aria-label={`Cancel ${title}`} onClick={() => onCancel(job.id)} sx={{ fontSize: 16 }}>
                <CloseOutlined fontSize="inherit" />
              </IconButton>
            </Tooltip>
          )}
        </Box>
      </Box>
      {open && <JobFiles job={job} />}
    </Box>
  );
});

function JobFiles({ job }: { job: TransferJob }) {
  if (!job.files) {
    return (
      <Box sx={{ px: 6, py: 1 }}>
        <CircularProgress size={14} aria-label="Loading files" />
      </Box>
    );
  }
  return (
    <Box role="table" aria-label={`Files of ${jobTitle(job)}`} sx={{ pb: 0.75, backgroundColor: surface.canvas }}>
      {job.files.map((file) => {
        const look = fileStateLook[file.state];
        return (
          <Box
            key={file.assetId + file.path}
            role="row"
            data-state={file.state}
            sx={{
              display: 'grid',
              gridTemplateColumns: columns,
              columnGap: 1.5,
              alignItems: 'baseline',
              px: 1.5,
              py: 0.375,
              borderBottom: `1px solid ${surface.border}`,
            }}
          >
            <Typography
              role="cell"
              variant="caption"
              noWrap
              title={file.path}
              sx={{ gridColumn: '3 / 5', fontFamily: monoFont, fontSize: '0.6875rem' }}
            >
              {file.path}
            </Typography>
            <Typography
              role="cell"
              variant="caption"
              color="text.secondary"
              sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
            >
              {file.state === 'running' && file.size > 0
                ? `${Math.floor((file.bytesDone / file.size) * 100)}% of ${formatSize(file.size)}`
                : formatSize(file.size)}
            </Typography>
            <Typography
              role="cell"
              variant="caption"
              color={toneColour[look.tone]}
              sx={{ gridColumn: '6 / 8', minWidth: 0, overflowWrap: 'anywhere' }}
            >
              {look.label}
              {file.reason && (
                <Box component="span" sx={{ color: look.tone === 'bad' ? 'error.light' : 'text.secondary' }}>
                  {`: ${file.reason}`}
                </Box>
              )}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
