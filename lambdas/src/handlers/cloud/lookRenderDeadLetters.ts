import { cloudLookRenderStore } from './clients';
import { readStorageConfig } from './config';
import { renderDeadLetters } from './lookRenderQueue';

/** The render queue's dead letters → their assets settled failed, so the re-render's progress ends. */
const config = readStorageConfig(process.env);

export const handler = renderDeadLetters({
  store: cloudLookRenderStore(config),
  log: (message, error) =>
    console.warn(JSON.stringify({ msg: message, ...(error === undefined ? {} : { error: String(error).slice(0, 500) }) })),
});
