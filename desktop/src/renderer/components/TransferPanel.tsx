import { memo, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import PauseOutlined from '@mui/icons-material/PauseOutlined';
import PlayArrowOutlined from '@mui/icons-material/PlayArrowOutlined';
import ReplayOutlined from '@mui/icons-material/ReplayOutlined';
import UploadOutlined from '@mui/icons-material/UploadOutlined';
import { isFinished, type TransferView } from '@rushes/shared';
import { monoFont, surface } from '../theme';
import { formatSize } from '../library/format';
import type { FsxSummary } from '../library/fsxJobs';
import { formatEta, type TransferSummary } from '../library/useTransfers';

type Action = 'pause' | 'resume' | 'cancel' | 'retry';
export type TransferTab = 'files' | 'fsx';

interface Props {
  transfers: readonly TransferView[];
  summary: TransferSummary;
  onAction(action: Action, ids: string[]): void;
  onClearFinished(): void;
  onClose(): void;
  /** Uploads and downloads, or the S3 ↔ edit-share jobs (FsxJobList, given as `fsx`). */
  tab: TransferTab;
  onTabChange(tab: TransferTab): void;
  fsx: ReactNode;
  fsxSummary: FsxSummary;
  fsxCount: number;
}

const stateLabel: Record<TransferView['state'], string> = {
  queued: 'Waiting',
  running: '',
  paused: 'Paused',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * The transfer queue: every download (and upload) with its progress by bytes, speed, time
 * left and errors, and pause, resume, cancel and retry per file or for all; beside it, on
 * its own tab, the jobs that copy files to or remove them from a workstation's edit share.
 */
export function TransferPanel({
  transfers,
  summary,
  onAction,
  onClearFinished,
  onClose,
  tab,
  onTabChange,
  fsx,
  fsxSummary,
  fsxCount,
}: Props) {
  const anyFinished = transfers.some((transfer) => isFinished(transfer.state));
  const anyPausable = transfers.some((transfer) => transfer.state === 'running' || transfer.state === 'queued');
  const anyPaused = transfers.some((transfer) => transfer.state === 'paused');
  const anyFailed = transfers.some((transfer) => transfer.state === 'failed');
  const heading =
    summary.active > 0
      ? `${summary.active.toLocaleString()} in progress · ${formatSize(summary.bytesDone)} of ${formatSize(summary.bytesTotal)}${
          summary.bytesPerSecond > 0 ? ` · ${formatSize(summary.bytesPerSecond)}/s · ${formatEta(summary.etaSeconds)}` : ''
        }`
      : transfers.length > 0
        ? `${transfers.length.toLocaleString()} finished${summary.failed > 0 ? ` · ${summary.failed} failed` : ''}`
        : 'No transfers';
  const fsxHeading =
    fsxSummary.active > 0
      ? `${fsxSummary.active.toLocaleString()} running · ${formatSize(fsxSummary.bytesDone)} of ${formatSize(fsxSummary.bytesTotal)}`
      : fsxCount > 0
        ? `${fsxCount.toLocaleString()} recent${fsxSummary.failed > 0 ? ` · ${fsxSummary.failed} failed` : ''}`
        : 'No edit share jobs';
  const counted = (label: string, active: number, failed: number) =>
    active > 0 ? `${label} (${active})` : failed > 0 ? `${label} · ${failed} failed` : label;

  return (
    <Box
      component="section"
      aria-label="Transfers"
      sx={{
        height: 260,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        backgroundColor: surface.panel,
        borderTop: `1px solid ${surface.borderStrong}`,
      }}
    >
      <Box
        sx={{
          height: 36,
          display: 'flex',
          alignItems: 'center',
          gap: 1,
          px: 1.5,
          borderBottom: `1px solid ${surface.border}`,
          flexShrink: 0,
        }}
      >
        <Typography variant="subtitle2" component="h2" sx={{ fontWeight: 600 }}>
          Transfers
        </Typography>
        <Tabs
          value={tab}
          onChange={(_event, next: TransferTab) => onTabChange(next)}
          aria-label="Transfer kinds"
          sx={{ minHeight: 35, '& .MuiTab-root': { minHeight: 35, py: 0, px: 1.25, fontSize: '0.75rem', textTransform: 'none' } }}
        >
          <Tab value="files" label={counted('Uploads and downloads', summary.active, summary.failed)} />
          <Tab
            value="fsx"
            label={counted('Edit share', fsxSummary.active, fsxSummary.failed)}
            sx={fsxSummary.failed > 0 && fsxSummary.active === 0 ? { color: 'error.light' } : undefined}
          />
        </Tabs>
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ flex: 1, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
        >
          {tab === 'files' ? heading : fsxHeading}
        </Typography>
        {tab === 'files' && summary.active > 0 && (
          <LinearProgress
            variant="determinate"
            value={summary.bytesTotal > 0 ? (summary.bytesDone / summary.bytesTotal) * 100 : 0}
            aria-label="All transfers"
            sx={{ width: 140, mr: 1 }}
          />
        )}
        {tab === 'files' && (
          <>
            <Button size="small" disabled={!anyPausable} onClick={() => onAction('pause', [])}>
              Pause all
            </Button>
            <Button size="small" disabled={!anyPaused} onClick={() => onAction('resume', [])}>
              Resume all
            </Button>
            <Button
              size="small"
              disabled={!anyFailed}
              onClick={() =>
                onAction(
                  'retry',
                  transfers.filter((t) => t.state === 'failed').map((t) => t.id),
                )
              }
            >
              Retry failed
            </Button>
            <Button size="small" disabled={!anyFinished} onClick={onClearFinished}>
              Clear finished
            </Button>
          </>
        )}
        <Tooltip title="Hide transfers">
          <IconButton size="small" aria-label="Hide transfers" onClick={onClose}>
            <ExpandMoreOutlined fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      {tab === 'fsx' ? (
        fsx
      ) : (
        <Box role="list" aria-label="Transfer queue" sx={{ flex: 1, overflowY: 'auto' }}>
          {transfers.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
              Downloads and uploads appear here with their progress.
            </Typography>
          )}
          {[...transfers].reverse().map((transfer) => (
            <TransferRow key={transfer.id} transfer={transfer} onAction={onAction} />
          ))}
        </Box>
      )}
    </Box>
  );
}

const TransferRow = memo(function TransferRow({ transfer, onAction }: { transfer: TransferView; onAction: Props['onAction'] }) {
  const percent = transfer.bytesTotal > 0 ? (transfer.bytesDone / transfer.bytesTotal) * 100 : transfer.state === 'succeeded' ? 100 : 0;
  const running = transfer.state === 'running';
  const detail =
    transfer.state === 'failed'
      ? (transfer.error ?? 'Failed')
      : running
        ? [transfer.bytesPerSecond > 0 ? `${formatSize(transfer.bytesPerSecond)}/s` : 'Starting…', formatEta(transfer.etaSeconds)]
            .filter(Boolean)
            .join(' · ')
        : stateLabel[transfer.state];
  const Icon = transfer.kind === 'download' ? DownloadOutlined : UploadOutlined;
  const act = (action: Action) => () => onAction(action, [transfer.id]);
  // The bytes arrived, but not as the card's own MHL says, or the MHL could not be read or
  // recorded: said in full under the row, in red, never only in a tooltip.
  const custodyAlert = transfer.custody && transfer.custody.state !== 'recorded' ? transfer.custody : null;
  return (
    <Box
      role="listitem"
      aria-label={transfer.name}
      data-state={transfer.state}
      data-custody={transfer.custody?.state}
      sx={{
        display: 'grid',
        gridTemplateColumns: '20px minmax(160px, 2fr) minmax(120px, 1.4fr) 150px minmax(140px, 1.2fr) 64px',
        gridTemplateRows: custodyAlert ? '40px auto' : '40px',
        alignItems: 'center',
        columnGap: 1.5,
        px: 1.5,
        borderBottom: `1px solid ${surface.border}`,
        '&:hover': { backgroundColor: surface.hover },
      }}
    >
      <Icon fontSize="small" sx={{ color: 'text.secondary' }} aria-label={transfer.kind === 'download' ? 'Download' : 'Upload'} />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2" noWrap title={transfer.name}>
          {transfer.name}
        </Typography>
        <Typography
          variant="caption"
          color="text.secondary"
          noWrap
          component="div"
          title={transfer.destination}
          sx={{ fontFamily: monoFont, fontSize: '0.6875rem' }}
        >
          {transfer.kind === 'download' ? 'to ' : 'into '}
          {transfer.destination || 'Library'}
        </Typography>
      </Box>
      <LinearProgress
        variant={transfer.state === 'queued' ? 'indeterminate' : 'determinate'}
        value={percent}
        color={transfer.state === 'failed' ? 'error' : transfer.state === 'succeeded' ? 'success' : 'primary'}
        aria-label={`Progress of ${transfer.name}`}
        aria-valuenow={Math.round(percent)}
        sx={isFinished(transfer.state) ? { '& .MuiLinearProgress-bar': { transition: 'none' } } : undefined}
      />
      <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {transfer.state === 'succeeded'
          ? formatSize(transfer.bytesTotal)
          : `${formatSize(transfer.bytesDone)} of ${formatSize(transfer.bytesTotal)}`}
      </Typography>
      <Typography
        variant="caption"
        noWrap
        title={detail}
        color={transfer.state === 'failed' ? 'error.light' : transfer.state === 'succeeded' ? 'success.light' : 'text.secondary'}
      >
        {detail}
      </Typography>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        {(running || transfer.state === 'queued') && (
          <RowAction label={`Pause ${transfer.name}`} onClick={act('pause')} icon={<PauseOutlined fontSize="inherit" />} />
        )}
        {transfer.state === 'paused' && (
          <RowAction label={`Resume ${transfer.name}`} onClick={act('resume')} icon={<PlayArrowOutlined fontSize="inherit" />} />
        )}
        {(transfer.state === 'failed' || transfer.state === 'cancelled') && (
          <RowAction label={`Retry ${transfer.name}`} onClick={act('retry')} icon={<ReplayOutlined fontSize="inherit" />} />
        )}
        {!isFinished(transfer.state) && (
          <RowAction label={`Cancel ${transfer.name}`} onClick={act('cancel')} icon={<CloseOutlined fontSize="inherit" />} />
        )}
      </Box>
      {custodyAlert && (
        <Typography
          role="alert"
          variant="caption"
          component="div"
          sx={{ gridColumn: '2 / -1', pb: 1, color: 'error.light', fontFamily: monoFont, fontSize: '0.6875rem', overflowWrap: 'anywhere' }}
        >
          {custodyAlert.state === 'mismatch' ? 'Checksum mismatch: ' : 'ASC MHL: '}
          {custodyAlert.message}
        </Typography>
      )}
    </Box>
  );
});

function RowAction({ label, onClick, icon }: { label: string; onClick(): void; icon: React.ReactNode }) {
  return (
    <Tooltip title={label}>
      <IconButton size="small" aria-label={label} onClick={onClick} sx={{ fontSize: 16 }}>
        {icon}
      </IconButton>
    </Tooltip>
  );
}
