import type { ReviewDeps } from './deps';
import { Notes } from './notes';
import { Takes } from './takes';

export type { ReviewDeps } from './deps';
export type { NewNote, NoteEdit } from './notes';

/** The review loop: notes at a frame (notes.ts) and the take's marks (takes.ts). */
export class Review {
  readonly notes: Notes;
  readonly takes: Takes;

  constructor(deps: ReviewDeps) {
    this.notes = new Notes(deps);
    this.takes = new Takes(deps);
  }
}
