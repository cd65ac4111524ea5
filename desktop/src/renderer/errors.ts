import { DesktopCallError } from './bridge/desktop';

/** A failed call as the UI shows it: one sentence, and the form field at fault when known. */
export interface ShownError {
  code: string;
  message: string;
  /** Last segment of the error's dotted field path (`input.email` → `email`). */
  field: string | undefined;
}

export function toShownError(error: unknown): ShownError {
  if (error instanceof DesktopCallError) {
    return { code: error.code, message: error.message, field: error.field?.split('.').pop() };
  }
  // Anything else is a bug on our side; the details belong in the console, not in the UI.
  console.error(error);
  return { code: 'INTERNAL', message: 'Something went wrong. Try again.', field: undefined };
}
