import {
  aleFps,
  aleText,
  aleVideoFormat,
  dropFrameAllowed,
  framesInDuration,
  markerClip,
  normaliseFrameRate,
  startTimecodeFromBext,
  type AssetView,
  type Fraction,
  type MarkerClip,
  type Note,
  type NoteSelection,
} from '@rushes/shared';

/** What an ALE lists: clips with picture or sound. */
const ALE_KINDS: ReadonlySet<string> = new Set(['video', 'raw', 'audio']);

/** The assets an ALE lists: stills, sidecars and a card's `ascmhl/` files are no clips to Avid. */
export function aleClips(assets: readonly AssetView[]): AssetView[] {
  return assets.filter((asset) => ALE_KINDS.has(asset.kind));
}

/** A take as the slate names it, so `12a`/`12A` and take `003`/`3` meet; null without both. */
function takeOf(asset: AssetView): string | null {
  const scene = asset.production?.scene?.trim().toUpperCase();
  const take = asset.production?.take
    ?.trim()
    .toUpperCase()
    .replace(/^0+(?=\d)/, '');
  return scene && take ? `${scene}\u0000${take}` : null;
}

/**
 * The takes circled by a sound report among the clips: a WAV whose iXML circles a take circles
 * the picture of that scene and take too. The WAV's own circle is read, so a take someone
 * uncircled on the sound file is not circled on the picture.
 */
function soundCircledTakes(assets: readonly AssetView[]): Set<string> {
  return new Set(
    assets
      .filter((asset) => asset.kind === 'audio' && asset.review.circled)
      .map(takeOf)
      .filter((take): take is string => take !== null),
  );
}

const isPicture = (asset: AssetView) => asset.kind === 'video' || asset.kind === 'raw';
const sameRate = (a: Fraction, b: Fraction) => a.num * b.den === b.num * a.den;
const fps = (rate: Fraction) => `${aleFps(rate)} fps`;

/** The rate a sound file's timecode states (iXML TIMECODE_RATE, bext SPEED), or null when it leaves it to the picture. */
function statedSoundRate(asset: AssetView): Fraction | null {
  return normaliseFrameRate(asset.production?.soundTimecode?.rate ?? null) ?? normaliseFrameRate(asset.technical?.frameRate ?? null);
}

/** The ALE's counting: the picture's rate (the first camera clip by name), else the sound's own, else 25. */
function exportRate(clips: readonly { asset: AssetView; clip: MarkerClip }[]): { rate: Fraction; dropFrame: boolean; from: string } {
  const picture = clips.find(({ asset }) => isPicture(asset));
  if (picture) return { rate: picture.clip.rate, dropFrame: picture.clip.dropFrame, from: picture.asset.name };
  const sound = clips.find(({ asset }) => statedSoundRate(asset) !== null) ?? clips[0]!;
  const rate = statedSoundRate(sound.asset) ?? sound.clip.rate;
  const dropFrame = (sound.asset.production?.soundTimecode?.dropFrame ?? sound.clip.dropFrame) && dropFrameAllowed(rate);
  return { rate, dropFrame, from: sound.asset.name };
}

/**
 * Clips that cannot be counted at the export's rate: a camera clip at another picture rate, or
 * a sound file whose report states another timecode rate. Named with both rates.
 */
function rateConflicts(clips: readonly { asset: AssetView; clip: MarkerClip }[], rate: Fraction, from: string): string[] {
  return clips
    .flatMap(({ asset, clip }) => {
      if (isPicture(asset)) return sameRate(clip.rate, rate) ? [] : [`“${asset.name}” runs at ${fps(clip.rate)}`];
      const stated = statedSoundRate(asset);
      return stated && !sameRate(stated, rate) ? [`“${asset.name}” has its timecode at ${fps(stated)}`] : [];
    })
    .map((what) => `${what}, not the ${fps(rate)} of “${from}”`);
}

/**
 * Start and length of a clip in the export's counting: a sound file's from its first sample's
 * count since midnight (bext TimeReference) at its sample rate, as timecode at the export's
 * rate; a camera clip's from its own timecode.
 */
function placement(asset: AssetView, clip: MarkerClip, rate: Fraction, dropFrame: boolean): { start: string; durationFrames: number } {
  const clock = asset.kind === 'audio' ? asset.production?.soundTimecode : undefined;
  const duration = asset.technical?.durationSeconds ?? null;
  const frames = duration !== null && duration > 0 ? framesInDuration(duration, rate) : (clip.durationFrames ?? 1);
  const start = clock ? startTimecodeFromBext(BigInt(clock.samplesSinceMidnight), clock.sampleRate, rate, dropFrame) : clip.startTimecode;
  return { start, durationFrames: Math.max(1, frames) };
}

/**
 * The ALE bin: every clip (noted or not) with the slate its camera or sound report wrote
 * (scene, take, reel as Tape, camera), its circle or its sound report's, and its open notes
 * as comments, for the aleClips among the assets. The bin counts at the picture's rate; sound
 * files count at the rate their report states, or the picture's; a clip that cannot be
 * counted at that rate is refused by name with both rates.
 */
export function aleBin(assets: readonly AssetView[], notes: ReadonlyMap<string, Note[]>, selection: NoteSelection): string {
  const clips = aleClips(assets)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((asset) => ({ asset, clip: markerClip(asset, []) }));
  if (clips.length === 0) throw new Error('There are no video or sound clips to write.');
  const { rate, dropFrame, from } = exportRate(clips);
  const conflicts = rateConflicts(clips, rate, from);
  if (conflicts.length > 0) {
    throw new Error(
      `An ALE counts every clip at one frame rate: ${conflicts.slice(0, 3).join('; ')}${
        conflicts.length > 3 ? `; and ${conflicts.length - 3} more` : ''
      }. Export them separately.`,
    );
  }
  const technical = (clips.find(({ asset }) => isPicture(asset)) ?? clips[0]!).asset.technical;
  const circledBySound = soundCircledTakes(assets);
  return aleText(
    clips.map(({ asset, clip }) => ({
      name: asset.name,
      tape: asset.production?.reel ?? clip.tape,
      ...placement(asset, clip, rate, dropFrame),
      hasVideo: isPicture(asset),
      audioTracks: asset.technical?.audioChannels ?? 0,
      scene: asset.production?.scene ?? null,
      take: asset.production?.take ?? null,
      camera: asset.production?.camera ?? null,
      circled: asset.review.circled || circledBySound.has(takeOf(asset) ?? ''),
      sourceFile: asset.name,
      comments:
        (notes.get(asset.id) ?? [])
          .filter((note) => note.parentId === null && (selection.includeResolved || !note.resolved))
          .map((note) => note.text)
          .join(' | ') || null,
    })),
    {
      videoFormat: technical?.width && technical.height ? aleVideoFormat(technical.width, technical.height) : 'CUSTOM',
      fps: rate,
      dropFrame,
    },
  );
}
