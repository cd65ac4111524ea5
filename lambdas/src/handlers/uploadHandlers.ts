import { DomainError, type uploadRoutes } from '@rushes/shared';
import type { Uploads } from '../core/uploads';
import type { Handlers } from './routeTypes';

/** The upload-session routes → Uploads use cases. */
export function uploadHandlers(deps: { uploads?: Uploads | undefined }): Handlers<keyof typeof uploadRoutes> {
  return {
    planUpload: async ({ principal, body }) => uploads().plan(principal, body.folderPath, body.files),
    createUploadSession: async ({ principal, body }) => uploads().createSession(principal, body.folderPath, body.files),
    uploadCredentials: async ({ principal, body }) => uploads().credentials(principal, body.keys),
    completeUpload: async ({ principal, body }) => uploads().complete(principal, body),
    cancelUploads: async ({ principal, body }) => uploads().cancel(principal, body.keys),
  };

  function uploads(): Uploads {
    if (!deps.uploads) throw new DomainError('UNAVAILABLE', 'This backend takes no uploads yet.');
    return deps.uploads;
  }
}
