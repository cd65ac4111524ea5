import { Browse } from './browse';
import type { LibraryDeps } from './deps';
import { Organise } from './organise';
import { TrashBin } from './trash';

/**
 * Browse and organise the library, each job in its own file. Every method asks Access
 * whether the caller may read or write what it touches; none decides that itself.
 */
export class Library {
  readonly browse: Browse;
  readonly organise: Organise;
  readonly trash: TrashBin;

  constructor(deps: LibraryDeps) {
    this.browse = new Browse(deps);
    this.organise = new Organise(deps);
    this.trash = new TrashBin(deps);
  }
}
