import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConnectionProfile } from '@rushes/shared';
import { freePortRange } from '../../../scripts/testing/localStack';
import { createDispatcher } from '../../src/main/dispatch';
import { createDesktopServices } from '../../src/main/services/desktopService';
import { DesktopEventHub } from '../../src/main/services/events';
import { startWebModeServer } from '../../src/main/web/server';
import { repoRoot } from './launch';

export interface Desk {
  /** The address to open, with this desk's one-time key. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Another person's desk on the same local backend: web mode holds one signed-in session per
 * app, so a second user needs a second app. This one is the same main-side services and web
 * server `npm run web` starts, on the running stack's connection profile, with its own state
 * folder, and the renderer that run already built.
 */
export async function openDesk(dataDir: string): Promise<Desk> {
  const parsed = parseConnectionProfile(await readFile(path.join(dataDir, 'profile.json'), 'utf8'));
  if (!parsed.ok) throw new Error(`The running stack's profile does not read: ${parsed.message}`);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'rushes-desk-'));
  const events = new DesktopEventHub();
  const services = createDesktopServices({ profile: parsed.profile, shell: 'web', version: 'e2e', events, stateDir });
  const web = await startWebModeServer({
    port: await freePortRange(1),
    rendererDir: path.join(repoRoot, 'desktop/dist/renderer'),
    dispatch: createDispatcher(services.api),
    events,
    openCachedMedia: (name) => services.openCachedMedia(name),
  });
  return {
    url: web.url,
    stop: async () => {
      await web.stop();
      services.dispose();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
