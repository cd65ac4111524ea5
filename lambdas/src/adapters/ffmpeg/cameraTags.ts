/**
 * Camera and slate metadata from the tags ffprobe reports for a clip's container and streams.
 *
 * Each field is looked up through the tag names cameras and editing tools are known to write,
 * most specific first, case-insensitively (QuickTime `mdta` keys keep the writer's case):
 * - ARRI ProRes MOV: `com.arri.camera.*` (ReelName, CameraIndex, CameraModel, LensType,
 *   ExposureIndexAsa, ShutterAngle, WhiteBalanceKelvin, SceneName, TakeName).
 * - Apple pro-apps keys, which Final Cut Pro and Blackmagic cameras write:
 *   `com.apple.proapps.reel|cameraName|scene|shot|isGood|logNote|modelname`.
 * - Blackmagic cameras: `com.blackmagic-design.camera.*` (lensType, iso, whiteBalanceKelvin,
 *   shutterAngle) and `com.blackmagic-design.shutterSpeed`.
 * - Apple devices: `com.apple.quicktime.make|model|camera.lens_model|comment`.
 * - MXF and a MOV timecode track: `reel_name` (FFmpeg's name for the source package / tmcd
 *   name), MXF `company_name` + `product_name`; generic `tape`, `comment`.
 * Sony and RED keep their camera metadata in sidecar XML / RMD files, not in these tags.
 */

export interface ProbeTags {
  readonly format?: { readonly tags?: Readonly<Record<string, string>> } | undefined;
  readonly streams?:
    readonly { readonly codec_type?: string | undefined; readonly tags?: Readonly<Record<string, string>> | undefined }[] | undefined;
}

export interface CameraMetadata {
  /** Camera roll / reel, e.g. `A002R2EC`. */
  readonly reel: string | null;
  /** Which camera on the set: `A`, `B`… */
  readonly camera: string | null;
  /** Make and model, e.g. `ARRI ALEXA Mini LF`. */
  readonly cameraModel: string | null;
  readonly lens: string | null;
  /** Exposure index as the camera states it (`800`). */
  readonly iso: string | null;
  /** Angle as `172.8°` or speed as `1/50`. */
  readonly shutter: string | null;
  /** Colour temperature as `5600K`. */
  readonly whiteBalance: string | null;
  readonly scene: string | null;
  readonly take: string | null;
  readonly circled: boolean | null;
  readonly comment: string | null;
}

const KEYS = {
  reel: ['com.arri.camera.ReelName', 'com.apple.proapps.reel', 'com.apple.proapps.studio.reel', 'reel_name', 'tape'],
  camera: ['com.arri.camera.CameraIndex', 'com.apple.proapps.cameraName', 'com.apple.proapps.cameraID'],
  lens: ['com.arri.camera.LensType', 'com.blackmagic-design.camera.lensType', 'com.apple.quicktime.camera.lens_model'],
  iso: ['com.arri.camera.ExposureIndexAsa', 'com.blackmagic-design.camera.iso'],
  shutterAngle: ['com.arri.camera.ShutterAngle', 'com.blackmagic-design.camera.shutterAngle'],
  shutterSpeed: ['com.blackmagic-design.shutterSpeed', 'com.blackmagic-design.camera.shutterSpeed'],
  whiteBalance: ['com.arri.camera.WhiteBalanceKelvin', 'com.blackmagic-design.camera.whiteBalanceKelvin'],
  scene: ['com.arri.camera.SceneName', 'com.apple.proapps.scene', 'com.apple.proapps.studio.scene', 'scene'],
  take: ['com.arri.camera.TakeName', 'com.apple.proapps.shot', 'com.apple.proapps.studio.shot', 'take'],
  circled: ['com.apple.proapps.isGood', 'circled'],
  comment: ['com.apple.proapps.logNote', 'com.apple.quicktime.comment', 'comment', 'description'],
  model: ['com.arri.camera.CameraModel', 'com.apple.proapps.modelname', 'com.apple.quicktime.model', 'product_name'],
  make: ['com.apple.proapps.manufacturer', 'com.apple.quicktime.make', 'company_name'],
} as const;

/** All tag sets, container first, then video, then the rest (a timecode track carries the reel). */
function tagSets(probe: ProbeTags): Map<string, string>[] {
  const streams = [...(probe.streams ?? [])].sort((a, b) => Number(b.codec_type === 'video') - Number(a.codec_type === 'video'));
  return [probe.format?.tags, ...streams.map((stream) => stream.tags)]
    .filter((tags): tags is Readonly<Record<string, string>> => tags !== undefined)
    .map((tags) => new Map(Object.entries(tags).map(([key, value]) => [key.toLowerCase(), typeof value === 'string' ? value.trim() : ''])));
}

export function cameraMetadata(probe: ProbeTags): CameraMetadata {
  const sets = tagSets(probe);
  const first = (keys: readonly string[]): string | null => {
    for (const key of keys) {
      for (const tags of sets) {
        const value = tags.get(key.toLowerCase());
        if (value) return value;
      }
    }
    return null;
  };
  const withUnit = (value: string | null, unit: string) => (value === null ? null : /^[\d.]+$/.test(value) ? `${value}${unit}` : value);

  const make = first(KEYS.make);
  const model = first(KEYS.model);
  // ARRI writes the make into the model ("ALEXA Mini LF" vs "ARRI ALEXA …"): do not say it twice.
  const cameraModel = make && model && !model.toLowerCase().startsWith(make.toLowerCase()) ? `${make} ${model}` : (model ?? make);
  const circledText = first(KEYS.circled);
  const circled =
    circledText === null ? null : /^(1|true|yes)$/i.test(circledText) ? true : /^(0|false|no)$/i.test(circledText) ? false : null;

  return {
    reel: first(KEYS.reel),
    camera: first(KEYS.camera),
    cameraModel,
    lens: first(KEYS.lens),
    iso: first(KEYS.iso),
    shutter: withUnit(first(KEYS.shutterAngle), '°') ?? first(KEYS.shutterSpeed),
    whiteBalance: withUnit(first(KEYS.whiteBalance), 'K'),
    scene: first(KEYS.scene),
    take: first(KEYS.take),
    circled,
    comment: first(KEYS.comment),
  };
}
