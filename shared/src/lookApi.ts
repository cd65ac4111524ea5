import { z } from 'zod';
import { FolderPathSchema } from './catalogApi';
import { NoBody, NoQuery, route } from './routeSpec';

/**
 * A folder's look (a 3D LUT and/or an ASC CDL) and burn-ins, inherited by everything below
 * it like its ACL: for each part the nearest folder that sets it wins. Whoever may write a
 * folder (admins, and media managers who can read it) may change its look: grading proxies
 * is part of preparing the day's media, not of deciding who sees it.
 */

const NonRootFolder = FolderPathSchema.refine((path) => path !== '', { message: 'The library root has no look of its own' });

/**
 * The request body limit of the set-look route. A 65³ cube written with six decimals is
 * about 7.4 MB of text; this takes it with room for the JSON around it.
 */
export const LOOK_BODY_BYTES = 8 * 1024 * 1024;
const MAX_CUBE_CHARS = LOOK_BODY_BYTES - 64 * 1024;
const MAX_CDL_CHARS = 256 * 1024;

const Triple = (name: string, check: (value: number) => boolean, rule: string) =>
  z.tuple([z.number(), z.number(), z.number()]).refine((values) => values.every((value) => Number.isFinite(value) && check(value)), {
    message: `every ${name} value must be ${rule}`,
  });

/** The ten numbers of an ASC CDL (slope, offset, power per channel, then saturation). */
export const LookCdlSchema = z
  .object({
    slope: Triple('slope', (value) => value >= 0, '0 or more'),
    offset: Triple('offset', () => true, 'a number'),
    power: Triple('power', (value) => value > 0, 'more than 0'),
    saturation: z.number().refine((value) => Number.isFinite(value) && value >= 0, { message: 'saturation must be 0 or more' }),
  })
  .strict();
export type LookCdl = z.infer<typeof LookCdlSchema>;

export const burnInPositions = ['top-left', 'top-centre', 'top-right', 'centre', 'bottom-left', 'bottom-centre', 'bottom-right'] as const;
export type BurnInPosition = (typeof burnInPositions)[number];

/** Printable text only: a control character would draw as a box, or break the line. */
const WatermarkText = z
  .string()
  .trim()
  .min(1, { message: 'the watermark text is empty' })
  .max(120, { message: 'the watermark text is longer than 120 characters' })
  .refine((text) => !/\p{Cc}/u.test(text), { message: 'the watermark text holds a control character' });

/** What is drawn into the picture of a proxy: the clip's source timecode, its name, one watermark line. */
export const BurnInSchema = z
  .object({
    timecode: z.boolean(),
    clipName: z.boolean(),
    watermark: z
      .object({ text: WatermarkText, position: z.enum(burnInPositions) })
      .strict()
      .nullable(),
  })
  .strict();
export type BurnIn = z.infer<typeof BurnInSchema>;

/** Where burn-ins sit: clip name bottom left, timecode bottom right, as dailies usually show them. */
export const BURN_IN_LAYOUT = { clipName: 'bottom-left', timecode: 'bottom-right' } as const satisfies Record<string, BurnInPosition>;

/** A folder's own look settings, as stored on the folder. */
export const FolderLookSchema = z.object({
  /** The LUT as uploaded: its file name, and where its text is kept in the derived bucket. */
  cube: z.object({ fileName: z.string(), key: z.string(), size: z.number().int().positive() }).nullable(),
  cdl: z.object({ values: LookCdlSchema, fileName: z.string().nullable() }).nullable(),
  /** The CDL and LUT baked into one cube (derived bucket, content-addressed); null without either. */
  bakedKey: z.string().nullable(),
  burnIn: BurnInSchema.nullable(),
  setBy: z.string(),
  setAt: z.string(),
});
export type FolderLook = z.infer<typeof FolderLookSchema>;

/** What applies to the assets of a folder, and which folder each part comes from. */
export const EffectiveLookSchema = z.object({
  colour: z
    .object({
      from: z.string(),
      cubeFileName: z.string().nullable(),
      cdl: LookCdlSchema.nullable(),
      bakedKey: z.string(),
    })
    .nullable(),
  burnIn: z.object({ from: z.string(), settings: BurnInSchema }).nullable(),
  /** Names the look an asset's graded proxy was made with: a new look, a new id. Null when nothing applies. */
  lookId: z.string().nullable(),
});
export type EffectiveLook = z.infer<typeof EffectiveLookSchema>;

/** A re-render of the graded proxies below a folder after its look changed. */
export const LookRenderSchema = z.object({
  folderPath: z.string(),
  state: z.enum(['running', 'finished', 'cancelled']),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type LookRender = z.infer<typeof LookRenderSchema>;

export const FolderLookViewSchema = z.object({
  path: z.string(),
  own: FolderLookSchema.nullable(),
  effective: EffectiveLookSchema,
  /** Whether the caller may change this folder's look. */
  canChange: z.boolean(),
  /** The newest re-render started from this folder, while the server remembers it. */
  render: LookRenderSchema.nullable(),
});
export type FolderLookView = z.infer<typeof FolderLookViewSchema>;

export const FolderLookQuerySchema = z.object({ path: NonRootFolder }).strict();

/** A CDL as numbers, or as the `.cdl`/`.cc`/`.ccc` file it came in (read on the server). */
const CdlInput = z.union([
  LookCdlSchema,
  z
    .object({ fileName: z.string().min(1).max(255), xml: z.string().max(MAX_CDL_CHARS, { message: 'the CDL file is over 256 KB' }) })
    .strict(),
]);

/** Each part absent: left as it is; null: removed from this folder (it inherits again). */
export const SetFolderLookBodySchema = z
  .object({
    path: NonRootFolder,
    cube: z
      .object({
        fileName: z.string().min(1).max(255),
        text: z.string().max(MAX_CUBE_CHARS, { message: `the .cube file is over ${Math.floor(MAX_CUBE_CHARS / 1_000_000)} MB` }),
      })
      .strict()
      .nullable()
      .optional(),
    cdl: CdlInput.nullable().optional(),
    burnIn: BurnInSchema.nullable().optional(),
  })
  .strict();
export type SetFolderLookBody = z.input<typeof SetFolderLookBodySchema>;

export const CancelLookRenderBodySchema = z.object({ path: NonRootFolder }).strict();

export const lookRoutes = {
  folderLook: route({
    method: 'GET',
    path: '/v1/folders/look',
    auth: true,
    query: FolderLookQuerySchema,
    body: NoBody,
    response: FolderLookViewSchema,
  }),
  setFolderLook: route({
    method: 'PUT',
    path: '/v1/folders/look',
    auth: true,
    query: NoQuery,
    body: SetFolderLookBodySchema,
    response: FolderLookViewSchema,
  }),
  clearFolderLook: route({
    method: 'DELETE',
    path: '/v1/folders/look',
    auth: true,
    query: FolderLookQuerySchema,
    body: NoBody,
    response: FolderLookViewSchema,
  }),
  cancelLookRender: route({
    method: 'POST',
    path: '/v1/folders/look/render/cancel',
    auth: true,
    query: NoQuery,
    body: CancelLookRenderBodySchema,
    response: FolderLookViewSchema,
  }),
} as const;

/**
 * The look that applies in `folderPath`: for the colour and for the burn-ins, the nearest
 * folder (itself, then its parents) that sets one. `chain` is the folder's own look first,
 * then each parent's, up to the top-level folder; null where a folder has none.
 */
export function resolveLook(chain: readonly { path: string; look: FolderLook | null }[], lookId: (parts: string) => string): EffectiveLook {
  const colourFrom = chain.find((entry) => entry.look?.bakedKey);
  const burnFrom = chain.find((entry) => entry.look?.burnIn);
  const colour =
    colourFrom?.look?.bakedKey != null
      ? {
          from: colourFrom.path,
          cubeFileName: colourFrom.look.cube?.fileName ?? null,
          cdl: colourFrom.look.cdl?.values ?? null,
          bakedKey: colourFrom.look.bakedKey,
        }
      : null;
  const burnIn = burnFrom?.look?.burnIn ? { from: burnFrom.path, settings: burnFrom.look.burnIn } : null;
  const parts = colour || burnIn ? JSON.stringify([colour?.bakedKey ?? null, burnIn?.settings ?? null]) : null;
  return { colour, burnIn, lookId: parts === null ? null : lookId(parts) };
}
