import Box from '@mui/material/Box';
import type { AssetView } from '@rushes/shared';
import { MediaIcon } from '../components/MediaIcon';

/** What the stage says when there is nothing to play: why, in the user's words. */
export function Placeholder({ asset }: { asset: AssetView }) {
  const [title, detail] =
    asset.status === 'failed'
      ? ['This file could not be processed', asset.failureReason ?? 'Ingest gave no reason.']
      : asset.status === 'uploading'
        ? ['Still uploading', 'The preview appears once the upload finishes and ingest has made it.']
        : asset.status === 'processing'
          ? ['Still processing', 'Ingest is making the proxy; it plays here as soon as it is ready.']
          : asset.kind === 'raw'
            ? [
                'Camera RAW: no proxy',
                'Rushes stores camera RAW as it is but cannot decode it to make a proxy. Use the camera maker’s software, or send it to your edit share.',
              ]
            : asset.kind === 'sidecar' || asset.kind === 'other'
              ? ['Nothing to play', 'This kind of file has no picture or sound; its details are on the right.']
              : ['No preview yet', 'Ingest made no proxy for this file.'];
  return (
    <Box role="status" aria-label="No preview" sx={{ flex: 1, display: 'grid', placeItems: 'center', backgroundColor: '#0b0b0c', p: 4 }}>
      <Box sx={{ maxWidth: 460, textAlign: 'center' }}>
        <MediaIcon kind={asset.kind} sx={{ fontSize: 44, opacity: 0.7 }} />
        <Box
          component="h3"
          sx={{
            m: '12px 0 6px',
            fontSize: '0.9375rem',
            fontWeight: 600,
            color: asset.status === 'failed' ? 'error.light' : 'text.primary',
          }}
        >
          {title}
        </Box>
        <Box sx={{ fontSize: '0.8125rem', color: 'text.secondary', lineHeight: 1.5 }}>{detail}</Box>
      </Box>
    </Box>
  );
}

/** The stage while its picture or proxy loads, or why it cannot. */
export function Loading({ label, error }: { label: string; error?: string | null }) {
  return (
    <Box
      role="status"
      sx={{
        flex: 1,
        display: 'grid',
        placeItems: 'center',
        backgroundColor: '#0b0b0c',
        color: error ? 'error.light' : 'text.secondary',
        fontSize: '0.8125rem',
        p: 4,
        textAlign: 'center',
      }}
    >
      {error ?? `${label}…`}
    </Box>
  );
}
