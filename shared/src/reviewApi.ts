import { z } from 'zod';
import { AssetIdSchema, AssetViewSchema } from './catalogApi';
import { MAX_RATING, ReviewStatusSchema } from './review';
import { NoBody, NoQuery, route } from './routeSpec';

export { AssetReviewSchema, MAX_RATING, NO_REVIEW, REVIEW_STATUSES, ReviewStatusSchema, hasReview, withTakeMarks } from './review';
export type { AssetReview, ReviewStatus, TakeMarks } from './review';

/**
 * The review loop: notes at a frame (with replies and drawings) and the take's own marks
 * (circled, rating, review status).
 *
 * Positions are whole frames from the clip's first frame, counted at the clip's timecode
 * base (timecode.ts: exact rate, drop-frame from the start timecode); the timecode label a
 * person reads is derived, never stored, so no float of seconds ever drifts. Sound assets
 * without a picture rate count frames at their timecode rate when the file gives one and
 * at 25 otherwise (the viewer shows the same).
 *
 * Who: anyone who may read the folder may read notes and add them; the author edits and
 * deletes their own (admins any); anyone who may read may resolve or reopen. Takes are set
 * by whoever may change the folder (as tags are). Every change is in the audit log.
 *
 * Threads: a reply answers a top-level note (never another reply) at its frame. Resolving is
 * the thread's: only a top-level note is resolved or reopened, and deleting it deletes its
 * replies. An asset's `review.openNoteCount` counts its unresolved top-level notes.
 */
export const MAX_NOTE_LENGTH = 4000;
export const MAX_NOTES_PER_ASSET = 2000;
export const MAX_SHAPES = 64;
export const MAX_PEN_POINTS = 2000;

/** `note-…` ids, made by the server. */
export const NoteIdSchema = z.string().regex(/^note-[A-Za-z0-9_-]{8,64}$/, { message: 'not a note id' });

/** `#rrggbb`, lower or upper case. */
export const ColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'a colour is #rrggbb' });

/**
 * Points a drawing may hold in all, over every shape: what a note can store (a DynamoDB item
 * holds 400 KB) whatever the number of shapes.
 */
export const MAX_DRAWING_POINTS = 8000;

/**
 * A point on the picture, 0..1 from the top-left corner across the width and down the height,
 * kept to 1/10000 of the picture (under a pixel at 8K): a stored drawing stays small.
 */
const Unit = z
  .number()
  .finite()
  .min(0)
  .max(1)
  .transform((value) => Math.round(value * 10_000) / 10_000);
export const PointSchema = z.tuple([Unit, Unit]);

export const ShapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pen'), colour: ColourSchema, points: z.array(PointSchema).min(2).max(MAX_PEN_POINTS) }).strict(),
  z.object({ kind: z.literal('arrow'), colour: ColourSchema, from: PointSchema, to: PointSchema }).strict(),
  z.object({ kind: z.literal('rect'), colour: ColourSchema, from: PointSchema, to: PointSchema }).strict(),
]);
export type Shape = z.infer<typeof ShapeSchema>;
export const DrawingSchema = z
  .array(ShapeSchema)
  .max(MAX_SHAPES, { message: `a drawing has at most ${MAX_SHAPES} shapes` })
  .refine((shapes) => drawingPoints(shapes) <= MAX_DRAWING_POINTS, {
    message: `a drawing has at most ${MAX_DRAWING_POINTS} points in all`,
  });

/** How many points a drawing holds: a pen's own, two for an arrow or a rectangle. */
export function drawingPoints(shapes: readonly Shape[]): number {
  return shapes.reduce((sum, shape) => sum + (shape.kind === 'pen' ? shape.points.length : 2), 0);
}

const NoteText = z
  .string()
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, { message: 'a note cannot be empty' })
      .max(MAX_NOTE_LENGTH, { message: `a note has at most ${MAX_NOTE_LENGTH} characters` }),
  );
const Frame = z.number().int().min(0).max(10_000_000);

export const NoteSchema = z.object({
  id: NoteIdSchema,
  assetId: z.string(),
  /** The note this one answers; replies are one level deep and carry their parent's frame. */
  parentId: NoteIdSchema.nullable(),
  author: z.string(),
  text: z.string(),
  /** First frame the note is about (from the clip's first frame). */
  frame: Frame,
  /** Last frame of a range, inclusive; null for a note at one frame. */
  outFrame: Frame.nullable(),
  drawing: DrawingSchema,
  resolved: z.boolean(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  /** null until the text or drawing is edited. */
  editedAt: z.string().nullable(),
  version: z.number().int().positive(),
});
export type Note = z.infer<typeof NoteSchema>;

export const ListNotesQuerySchema = z.object({ assetId: AssetIdSchema }).strict();
/** Top-level notes and replies together, by frame then creation. */
export const NotesResponseSchema = z.object({ notes: z.array(NoteSchema) });

/**
 * The notes of up to 500 assets (the search cache's sync reads them this way). Assets the
 * caller may not read, trashed and missing ones are left out alike; when that leaves none,
 * the answer is NOT_FOUND, as for one asset.
 */
export const NotesBatchBodySchema = z.object({ assetIds: z.array(AssetIdSchema).min(1).max(500) }).strict();

export const AddNoteBodySchema = z
  .object({
    assetId: AssetIdSchema,
    parentId: NoteIdSchema.nullable().default(null),
    text: NoteText,
    frame: Frame,
    outFrame: Frame.nullable().default(null),
    drawing: DrawingSchema.default([]),
  })
  .strict()
  .refine((body) => body.outFrame === null || body.outFrame >= body.frame, {
    message: 'a range ends at or after its first frame',
    path: ['outFrame'],
  });
export type AddNoteBody = z.input<typeof AddNoteBodySchema>;

export const EditNoteBodySchema = z
  .object({
    id: NoteIdSchema,
    version: z.number().int().positive(),
    text: NoteText.optional(),
    drawing: DrawingSchema.optional(),
    resolved: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.text !== undefined || body.drawing !== undefined || body.resolved !== undefined, {
    message: 'nothing to change',
  });
export type EditNoteBody = z.input<typeof EditNoteBodySchema>;

export const DeleteNoteBodySchema = z.object({ id: NoteIdSchema, version: z.number().int().positive() }).strict();

/** One asset's new marks; fields left out keep their value. Undo sends the old values back. */
export const TakeChangeSchema = z
  .object({
    id: AssetIdSchema,
    circled: z.boolean().optional(),
    rating: z.number().int().min(0).max(MAX_RATING).optional(),
    status: ReviewStatusSchema.optional(),
  })
  .strict()
  .refine((change) => change.circled !== undefined || change.rating !== undefined || change.status !== undefined, {
    message: 'nothing to change',
  });
export const SetTakesBodySchema = z.object({ changes: z.array(TakeChangeSchema).min(1).max(500) }).strict();
export type SetTakesBody = z.input<typeof SetTakesBodySchema>;
/** All or nothing: one asset the caller may not change refuses the whole request. */
export const SetTakesResponseSchema = z.object({ assets: z.array(AssetViewSchema) });

export const reviewRoutes = {
  listNotes: route({
    method: 'GET',
    path: '/v1/notes',
    auth: true,
    query: ListNotesQuerySchema,
    body: NoBody,
    response: NotesResponseSchema,
  }),
  notesBatch: route({
    method: 'POST',
    path: '/v1/notes/batch',
    auth: true,
    query: NoQuery,
    body: NotesBatchBodySchema,
    response: NotesResponseSchema,
  }),
  addNote: route({ method: 'POST', path: '/v1/notes', auth: true, query: NoQuery, body: AddNoteBodySchema, response: NoteSchema }),
  editNote: route({ method: 'POST', path: '/v1/notes/edit', auth: true, query: NoQuery, body: EditNoteBodySchema, response: NoteSchema }),
  deleteNote: route({
    method: 'POST',
    path: '/v1/notes/delete',
    auth: true,
    query: NoQuery,
    body: DeleteNoteBodySchema,
    response: z.object({ deleted: z.literal(true) }),
  }),
  setTakes: route({
    method: 'POST',
    path: '/v1/takes',
    auth: true,
    query: NoQuery,
    body: SetTakesBodySchema,
    response: SetTakesResponseSchema,
  }),
} as const;
