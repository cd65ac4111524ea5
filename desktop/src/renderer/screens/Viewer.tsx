import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import CloseRounded from '@mui/icons-material/CloseRounded';
import KeyboardArrowDownRounded from '@mui/icons-material/KeyboardArrowDownRounded';
import KeyboardArrowUpRounded from '@mui/icons-material/KeyboardArrowUpRounded';
import KeyboardRounded from '@mui/icons-material/KeyboardRounded';
import type Player from 'video.js/dist/types/player';
import type { AssetView } from '@rushes/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LookToggle, type ProxyVariant } from '../viewer/LookToggle';
import { ViewerWatermark } from '../viewer/ViewerWatermark';
import { desktop } from '../bridge/desktop';
import { shortcutRows, shortcutText } from '../commands/registry';
import { ImageViewer, type ImageViewerHandle } from '../components/ImageViewer';
import { MediaIcon } from '../components/MediaIcon';
import { MetadataPanel } from '../components/MetadataPanel';
import { ProxyPlayer } from '../components/ProxyPlayer';
import { StatusChip } from '../components/StatusChip';
import { Timeline, TransportBar } from '../components/TransportBar';
import { toShownError } from '../errors';
import { clockFor } from '../library/clock';
import { queryKeys } from '../library/queries';
import { useAssetPicture } from '../library/thumbnails';
import { useTransport } from '../library/useTransport';
import { DrawingOverlay } from '../review/DrawingOverlay';
import { DrawingTools } from '../review/DrawingTools';
import { NoteTicks } from '../review/NoteTicks';
import { ViewerSide } from '../review/ViewerSide';
import { NotesPlace, NotesPortal, reviewKey, usePlaybackReview, useStillReview } from '../review/viewerReview';
import { monoFont, surface } from '../theme';
import { Loading, Placeholder } from './StagePlaceholder';
import { playbackKey, stepAssetKey, stillKey } from './viewerKeys';

interface Props {
  /** The assets of the folder, in the order shown; the viewer steps through them. */
  assets: AssetView[];
  startIndex: number;
  onClose(last: AssetView): void;
  onDownload(asset: AssetView): void;
}

/** The viewer's own rows of the shortcuts help, for its keyboard tooltip. */
const viewerShortcuts = shortcutRows().filter((section) => section.group === 'Viewer' || section.group === 'Transport');

type KeyHandler = (event: KeyboardEvent) => boolean;

/** The stage on show hands the viewer its keys, which work wherever focus is in the viewer. */
const KeysContext = createContext<(handler: KeyHandler | null) => void>(() => undefined);

/**
 * The viewer, over the library: the proxy (video or sound) with a source monitor's
 * transport, a still with zoom and pan, or a placeholder saying why there is nothing to
 * play; the metadata panel beside it. ↑/↓ step through the folder without closing.
 */
export function Viewer({ assets, startIndex, onClose, onDownload }: Props) {
  const [index, setIndex] = useState(startIndex);
  const listed = assets[index] ?? assets[0]!;
  const client = useQueryClient();
  // The full record; the change feed pushes its new row when this asset changes (ingest finished).
  const detail = useQuery({ queryKey: queryKeys.asset(listed.id), queryFn: () => desktop.assetDetail({ id: listed.id }), staleTime: 0 });
  const asset = detail.data?.id === listed.id ? detail.data : listed;
  const onAnnotated = useCallback((value: AssetView) => client.setQueryData(queryKeys.asset(value.id), value), [client]);

  const move = useCallback(
    (delta: number) => setIndex((current) => Math.max(0, Math.min(assets.length - 1, current + delta))),
    [assets.length],
  );
  const close = () => onClose(asset);
  const keys = useRef<KeyHandler | null>(null);
  const [notesPlace, setNotesPlace] = useState<HTMLElement | null>(null);
  const registerKeys = useCallback((handler: KeyHandler | null) => {
    keys.current = handler;
  }, []);

  return (
    <Dialog
      open
      fullScreen
      onClose={close}
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') return;
        if (keys.current?.(event)) {
          event.preventDefault();
          event.stopPropagation();
        }
      }}
      onKeyUp={(event) => {
        // Space was ours on the way down: a focused button must not click on the way up.
        if (event.key === ' ' && (event.target as HTMLElement).tagName === 'BUTTON') event.preventDefault();
      }}
      slotProps={{ paper: { 'aria-label': `Viewer: ${asset.name}`, sx: { backgroundColor: surface.backdrop } } }}
    >
      <KeysContext.Provider value={registerKeys}>
        <NotesPlace.Provider value={notesPlace}>
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              px: 1.5,
              height: 44,
              flexShrink: 0,
              borderBottom: `1px solid ${surface.border}`,
              backgroundColor: surface.panel,
            }}
          >
            <Tooltip title={`Previous file (${shortcutText('previousFile')})`}>
              <span>
                <IconButton aria-label="Previous file" disabled={index === 0} onClick={() => move(-1)}>
                  <KeyboardArrowUpRounded />
                </IconButton>
              </span>
            </Tooltip>
            <Tooltip title={`Next file (${shortcutText('nextFile')})`}>
              <span>
                <IconButton aria-label="Next file" disabled={index >= assets.length - 1} onClick={() => move(1)}>
                  <KeyboardArrowDownRounded />
                </IconButton>
              </span>
            </Tooltip>
            <Box component="span" sx={{ fontFamily: monoFont, fontSize: '0.6875rem', color: 'text.secondary', minWidth: 48 }}>
              {index + 1} / {assets.length}
            </Box>
            <MediaIcon kind={asset.kind} sx={{ fontSize: 18 }} />
            <Box
              component="h2"
              sx={{ m: 0, fontSize: '0.875rem', fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            >
              {asset.name}
            </Box>
            <StatusChip asset={asset} />
            <Box sx={{ flex: 1 }} />
            <Tooltip
              title={
                <Box component="table" sx={{ borderSpacing: '8px 2px' }}>
                  <tbody>
                    {viewerShortcuts
                      .flatMap((section) => section.rows)
                      .map((row) => (
                        <tr key={row.id}>
                          <td style={{ fontFamily: monoFont, whiteSpace: 'nowrap' }}>{row.keys.join('  ')}</td>
                          <td>{row.label}</td>
                        </tr>
                      ))}
                  </tbody>
                </Box>
              }
            >
              <IconButton aria-label="Keyboard shortcuts">
                <KeyboardRounded fontSize="small" />
              </IconButton>
            </Tooltip>
            <Button color="inherit" onClick={() => onDownload(asset)}>
              Download
            </Button>
            <Tooltip title={`Close (${shortcutText('closeViewer')})`}>
              <IconButton aria-label="Close viewer" onClick={close}>
                <CloseRounded />
              </IconButton>
            </Tooltip>
          </Box>
          <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
            <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
              <Stage key={asset.id} asset={asset} onStepAsset={move} />
            </Box>
            <ViewerSide onNotesPlace={setNotesPlace} details={<MetadataPanel asset={asset} onAnnotated={onAnnotated} />} />
          </Box>
        </NotesPlace.Provider>
      </KeysContext.Provider>
    </Dialog>
  );
}

/** What the viewer shows of one asset, by kind; remounted for each asset. */
function Stage({ asset, onStepAsset }: { asset: AssetView; onStepAsset(delta: number): void }) {
  const playable = asset.derived.proxy && (asset.kind === 'video' || asset.kind === 'audio');
  if (playable) return <Playback asset={asset} onStepAsset={onStepAsset} />;
  if (asset.kind === 'image' && asset.derived.preview) return <Still asset={asset} onStepAsset={onStepAsset} />;
  return <Unplayable asset={asset} onStepAsset={onStepAsset} />;
}

function Unplayable({ asset, onStepAsset }: { asset: AssetView; onStepAsset(delta: number): void }) {
  const review = useStillReview(asset);
  return (
    <KeyScope onKey={(event) => reviewKey(event, review) || stepAssetKey(event, onStepAsset)}>
      <Placeholder asset={asset} />
      <NotesPortal session={review} />
    </KeyScope>
  );
}

/** The stage's area: focused when it appears, and its keys are the viewer's while it is shown. */
function KeyScope({ onKey, children }: { onKey: KeyHandler; children: React.ReactNode }) {
  const scope = useRef<HTMLDivElement>(null);
  const register = useContext(KeysContext);
  useEffect(() => scope.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    register(onKey);
    return () => register(null);
  });
  return (
    <Box
      ref={scope}
      tabIndex={-1}
      data-testid="viewer-stage"
      sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', outline: 'none', position: 'relative' }}
    >
      {children}
    </Box>
  );
}

function Still({ asset, onStepAsset }: { asset: AssetView; onStepAsset(delta: number): void }) {
  const preview = useAssetPicture(asset, 'preview');
  const viewer = useRef<ImageViewerHandle>(null);
  const review = useStillReview(asset);
  return (
    <KeyScope
      onKey={(event) => {
        if (stepAssetKey(event, onStepAsset) || reviewKey(event, review)) return true;
        return viewer.current ? stillKey(event, viewer.current) : false;
      }}
    >
      {preview ? (
        <ImageViewer ref={viewer} src={preview} sourceWidth={asset.technical?.width ?? null} />
      ) : (
        <Loading label="Loading the preview" />
      )}
      <NotesPortal session={review} />
    </KeyScope>
  );
}

/** The proxy's presigned URL, asked for again when it has expired (the player reports an error). */
function useProxyUrl(assetId: string, variant: ProxyVariant) {
  const [state, setState] = useState<{ url: string; expiresAt: number; lookAvailable: boolean } | { error: string } | null>(null);
  const load = useCallback(() => {
    desktop.mediaUrls({ ids: [assetId], only: ['proxy'], variant }).then(
      (answer) => {
        const url = answer.items[0]?.proxy;
        const lookAvailable = answer.items[0]?.lookAvailable ?? false;
        setState(url ? { url, expiresAt: Date.parse(answer.expiresAt), lookAvailable } : { error: 'This file has no proxy.' });
      },
      (error: unknown) => setState({ error: toShownError(error).message }),
    );
  }, [assetId, variant]);
  useEffect(load, [load]);
  const lastRetry = useRef(0);
  const onError = useCallback(
    (message: string) => {
      // An expired URL (or a blip) gets one fresh URL a minute; anything else is shown.
      if (Date.now() - lastRetry.current > 60_000) {
        lastRetry.current = Date.now();
        load();
      } else setState({ error: `The proxy could not be played: ${message}` });
    },
    [load],
  );
  return { state, onError };
}

function Playback({ asset, onStepAsset }: { asset: AssetView; onStepAsset(delta: number): void }) {
  const audio = asset.kind === 'audio';
  const [variant, setVariant] = useState<ProxyVariant>('look');
  const { state, onError } = useProxyUrl(asset.id, variant);
  const [media, setMedia] = useState<HTMLMediaElement | null>(null);
  const player = useRef<Player | null>(null);
  const [mediaDuration, setMediaDuration] = useState<number | null>(null);
  const clock = useMemo(() => clockFor(asset, mediaDuration), [asset, mediaDuration]);
  const transport = useTransport(media, clock.base.rate, clock.frameCount);
  const review = usePlaybackReview(asset, clock, transport);
  const waveform = useAssetPicture(asset, 'waveform', audio);
  const kHeld = useRef(false);

  useEffect(() => {
    if (!media) return;
    const onMetadata = () => setMediaDuration(Number.isFinite(media.duration) ? media.duration : null);
    media.addEventListener('loadedmetadata', onMetadata);
    return () => media.removeEventListener('loadedmetadata', onMetadata);
  }, [media]);

  // K held with J or L steps frames; its release can happen with focus anywhere.
  useEffect(() => {
    const release = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k') kHeld.current = false;
    };
    window.addEventListener('keyup', release);
    return () => window.removeEventListener('keyup', release);
  }, []);

  const onReady = useCallback((element: HTMLMediaElement | null, created: Player | null) => {
    player.current = created;
    setMedia(element);
  }, []);

  const onKey = (event: KeyboardEvent) =>
    reviewKey(event, review) || playbackKey(event, transport, clock, player.current, kHeld, onStepAsset);
  const noteTicks = <NoteTicks session={review} lastPosition={transport.lastFrame} />;

  if (!state || 'error' in state) return <Loading label="Loading the proxy" error={state && 'error' in state ? state.error : null} />;
  const burnIn = (
    <Box
      sx={{
        px: 1.5,
        py: 0.5,
        borderRadius: '4px',
        backgroundColor: 'rgba(0,0,0,0.6)',
        fontFamily: monoFont,
        fontSize: '1.5rem',
        color: '#fff',
      }}
    >
      {clock.label(transport.frame)}
    </Box>
  );
  return (
    <KeyScope onKey={onKey}>
      {audio ? (
        <>
          <Box
            sx={{
              flex: 1,
              minHeight: 0,
              display: 'flex',
              flexDirection: 'column',
              justifyContent: 'center',
              backgroundColor: '#0b0b0c',
              px: 3,
            }}
          >
            <Timeline transport={transport} waveform={waveform} height={240} marks={noteTicks} />
          </Box>
          <ProxyPlayer src={state.url} type="audio/mp4" audioOnly onReady={onReady} onError={onError} />
        </>
      ) : (
        <>
          <Box sx={{ flex: 1, minHeight: 0, position: 'relative', backgroundColor: '#000' }}>
            <ProxyPlayer src={state.url} type="video/mp4" audioOnly={false} onReady={onReady} onError={onError} burnIn={burnIn} />
            <DrawingOverlay
              media={media}
              shapes={review.onPicture}
              pen={review.draft ? { tool: review.drawing.tool, colour: review.drawing.colour, onShape: review.drawing.addShape } : null}
            />
            <DrawingTools session={review} />
            {state.lookAvailable && <LookToggle value={variant} onChange={setVariant} />}
            <ViewerWatermark />
          </Box>
          <Timeline transport={transport} height={18} marks={noteTicks} />
        </>
      )}
      <TransportBar transport={transport} clock={clock} />
      <NotesPortal session={review} />
    </KeyScope>
  );
}
