import type { BackendClient } from '../backend';
import type { UploadSessions } from './manager';

/** The upload-session routes through the API client (the app, the benchmark and the tests). */
export function backendSessions(backend: BackendClient): UploadSessions {
  return {
    plan: (folderPath, files) => backend.call('planUpload', { body: { folderPath, files } }),
    createSession: (folderPath, files) => backend.call('createUploadSession', { body: { folderPath, files } }),
    credentials: (keys) => backend.call('uploadCredentials', { body: { keys } }),
    complete: (key, size, sha256) =>
      backend.call('completeUpload', { body: { key, size, checksum: { algorithm: 'sha256', value: sha256 } } }),
    cancel: (keys) => backend.call('cancelUploads', { body: { keys } }),
    recordGeneration: (body) => backend.call('recordUploadGeneration', { body }),
  };
}
