import { randomBytes } from 'node:crypto';
import { DomainError, MAX_NOTES_PER_ASSET, NO_REVIEW, framesInDuration, type Note, type Shape } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogAsset, type Principal } from '../../ports';
import { Access } from '../access';
import type { ReviewDeps } from './deps';

/** What addNote takes, as the API contract has parsed it. */
export interface NewNote {
  readonly assetId: string;
  readonly parentId: string | null;
  readonly text: string;
  readonly frame: number;
  readonly outFrame: number | null;
  readonly drawing: readonly Shape[];
}

/** What editNote takes: fields left out stay as they are. */
export interface NoteEdit {
  readonly id: string;
  readonly version: number;
  readonly text?: string | undefined;
  readonly drawing?: readonly Shape[] | undefined;
  readonly resolved?: boolean | undefined;
}

/** The longest note text an audit event repeats. */
const AUDIT_TEXT = 300;

/**
 * Notes at a frame, with one level of replies. Whoever may read an asset reads its notes,
 * adds to them and resolves or reopens a thread; the author (or an admin) edits or deletes.
 * Access answers every one of those questions; a note on an asset the caller may not read
 * does not exist for them (NOT_FOUND, word for word like a missing note).
 */
export class Notes {
  constructor(private readonly deps: ReviewDeps) {}

  async list(principal: Principal, assetId: string): Promise<Note[]> {
    const asset = await new Access(this.deps.catalog, principal).readableAsset(assetId);
    return (asset.review?.noteCount ?? 0) > 0 ? this.deps.catalog.listNotes(assetId) : [];
  }

  /** The notes of every asset the caller may read among `assetIds`; NOT_FOUND when that is none. */
  async batch(principal: Principal, assetIds: readonly string[]): Promise<Note[]> {
    const access = new Access(this.deps.catalog, principal);
    const readable: CatalogAsset[] = [];
    for (const asset of await this.deps.catalog.getAssets(assetIds)) {
      if (!asset.trash && (await access.mayReadAssetsIn(asset.folderPath))) readable.push(asset);
    }
    if (readable.length === 0) throw new DomainError('NOT_FOUND', 'None of those files was found.');
    const noted = readable.filter((asset) => (asset.review?.noteCount ?? 0) > 0).map((asset) => asset.id);
    return noted.length > 0 ? this.deps.catalog.notesOf(noted) : [];
  }

  async add(principal: Principal, input: NewNote): Promise<Note> {
    const access = new Access(this.deps.catalog, principal);
    const asset = await access.readableAsset(input.assetId);
    if ((asset.review ?? NO_REVIEW).noteCount >= MAX_NOTES_PER_ASSET) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `"${asset.name}" already has ${MAX_NOTES_PER_ASSET} notes; delete some first.`);
    }
    let { frame, outFrame } = input;
    if (input.parentId !== null) {
      const parent = await this.deps.catalog.getNote(input.parentId);
      if (!parent || parent.assetId !== asset.id) throw new DomainError('NOT_FOUND', 'The note you answer was not found.', 'parentId');
      if (parent.parentId !== null) {
        throw new DomainError('VALIDATION_FAILED', 'Answer the note this reply is about: replies are one level deep.', 'parentId');
      }
      // A reply belongs to its thread's moment.
      ({ frame, outFrame } = parent);
    } else {
      checkFrames(asset, frame, outFrame);
    }
    const now = this.now();
    const note: Note = {
      id: `note-${randomBytes(15).toString('base64url')}`,
      assetId: asset.id,
      parentId: input.parentId,
      author: principal.email,
      text: input.text,
      frame,
      outFrame,
      drawing: [...input.drawing],
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: now,
      editedAt: null,
      version: 1,
    };
    try {
      await this.deps.catalog.addNote(note);
    } catch (error) {
      throw translate(error);
    }
    await this.record(principal, 'note.add', asset, note, { frame, reply: note.parentId !== null, text: clip(note.text) });
    return note;
  }

  async edit(principal: Principal, edit: NoteEdit): Promise<Note> {
    const access = new Access(this.deps.catalog, principal);
    const { note, asset } = await this.readable(access, edit.id);
    const changesContent = edit.text !== undefined || edit.drawing !== undefined;
    if (changesContent && !access.mayChangeNote(note)) {
      await this.refused(principal, 'note.edit', asset, note);
      throw new DomainError('FORBIDDEN', 'Only the author of a note, or an admin, may change it.');
    }
    const resolving = edit.resolved !== undefined && edit.resolved !== note.resolved;
    if (resolving && note.parentId !== null) {
      throw new DomainError('VALIDATION_FAILED', 'A reply is resolved with its thread: resolve the note it answers.', 'resolved');
    }
    if (note.version !== edit.version) throw stale();
    const now = this.now();
    const text = edit.text ?? note.text;
    const drawing = edit.drawing ? [...edit.drawing] : note.drawing;
    const contentChanged = text !== note.text || JSON.stringify(drawing) !== JSON.stringify(note.drawing);
    const resolved = edit.resolved ?? note.resolved;
    const updated: Note = {
      ...note,
      text,
      drawing,
      editedAt: contentChanged ? now : note.editedAt,
      resolved,
      resolvedBy: resolving ? (resolved ? principal.email : null) : note.resolvedBy,
      resolvedAt: resolving ? (resolved ? now : null) : note.resolvedAt,
      version: note.version + 1,
    };
    try {
      await this.deps.catalog.updateNote(updated, now);
    } catch (error) {
      throw translate(error);
    }
    if (contentChanged) {
      await this.record(principal, 'note.edit', asset, note, {
        before: clip(note.text),
        after: clip(text),
        shapesBefore: note.drawing.length,
        shapesAfter: drawing.length,
      });
    }
    if (resolving) await this.record(principal, resolved ? 'note.resolve' : 'note.reopen', asset, note, { frame: note.frame });
    return updated;
  }

  async delete(principal: Principal, id: string, version: number): Promise<void> {
    const access = new Access(this.deps.catalog, principal);
    const { note, asset } = await this.readable(access, id);
    if (!access.mayChangeNote(note)) {
      await this.refused(principal, 'note.delete', asset, note);
      throw new DomainError('FORBIDDEN', 'Only the author of a note, or an admin, may delete it.');
    }
    if (note.version !== version) throw stale();
    let removed: Note[];
    try {
      ({ removed } = await this.deps.catalog.removeNote(id, version, this.now()));
    } catch (error) {
      throw translate(error);
    }
    await this.record(principal, 'note.delete', asset, note, {
      author: note.author,
      text: clip(note.text),
      replies: removed.length - 1,
    });
  }

  /** The note and its asset if the caller may read the asset; NOT_FOUND alike for a missing note and a hidden one. */
  private async readable(access: Access, id: string): Promise<{ note: Note; asset: CatalogAsset }> {
    const missing = new DomainError('NOT_FOUND', 'That note was not found.');
    const note = await this.deps.catalog.getNote(id);
    if (!note) throw missing;
    try {
      return { note, asset: await access.readableAsset(note.assetId) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw missing;
      throw error;
    }
  }

  private async record(
    principal: Principal,
    action: 'note.add' | 'note.edit' | 'note.resolve' | 'note.reopen' | 'note.delete',
    asset: CatalogAsset,
    note: Note,
    details: Record<string, string | number | boolean>,
  ): Promise<void> {
    await this.deps.audit.record({
      actor: principal.email,
      action,
      target: asset.key,
      details: { assetId: asset.id, noteId: note.id, ...details },
      address: principal.address,
    });
  }

  private async refused(principal: Principal, action: 'note.edit' | 'note.delete', asset: CatalogAsset, note: Note): Promise<void> {
    await this.deps.audit.record({
      actor: principal.email,
      action,
      target: asset.key,
      outcome: 'denied',
      details: { assetId: asset.id, noteId: note.id, author: note.author, reason: 'not the author' },
      address: principal.address,
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/**
 * A note sits on a frame of the clip: when the asset says how long it is and at what rate,
 * a frame past its end is refused (durations are rounded, so the frame count itself passes).
 */
function checkFrames(asset: CatalogAsset, frame: number, outFrame: number | null): void {
  const rate = asset.technical?.frameRate;
  const seconds = asset.technical?.durationSeconds;
  if (!rate || rate.num <= 0 || rate.den <= 0 || seconds === null || seconds === undefined) return;
  const frames = framesInDuration(seconds, rate);
  if (frame > frames)
    throw new DomainError('VALIDATION_FAILED', `frame ${frame} is past the end of "${asset.name}" (${frames} frames)`, 'frame');
  if (outFrame !== null && outFrame > frames) {
    throw new DomainError('VALIDATION_FAILED', `frame ${outFrame} is past the end of "${asset.name}" (${frames} frames)`, 'outFrame');
  }
}

function stale(): DomainError {
  return new DomainError('CONFLICT', 'Someone changed this note meanwhile; reload the notes and try again.');
}

function translate(error: unknown): unknown {
  if (error instanceof CatalogConflict) return stale();
  if (error instanceof CatalogNotFound) return new DomainError('NOT_FOUND', 'That note or file no longer exists; reload the notes.');
  return error;
}

function clip(text: string): string {
  return text.length > AUDIT_TEXT ? `${text.slice(0, AUDIT_TEXT - 1)}…` : text;
}
