// The UI half of `list`: in Debian Chromium, the signed-in user opens the 100,000-asset
// folder; we time from the click to the first rendered asset rows.
import { performance } from 'node:perf_hooks';
import type { LocalStack } from '@rushes/lambdas/local';
import { buildRenderer } from '../../build.mjs';
import { createDispatcher } from '../../../desktop/src/main/dispatch';
import { createDesktopServices } from '../../../desktop/src/main/services/desktopService';
import { DesktopEventHub } from '../../../desktop/src/main/services/events';
import { startWebModeServer } from '../../../desktop/src/main/web/server';
import { launchChromium } from '../../../desktop/test/e2e/launch';

export async function measureFirstRows(stack: LocalStack, folderPath: string, password: string): Promise<number> {
  const rendererDir = await buildRenderer();
  const events = new DesktopEventHub();
  const services = createDesktopServices({ profile: stack.profile, shell: 'web', version: 'bench', events });
  const web = await startWebModeServer({ port: stack.config.ports.web, rendererDir, dispatch: createDispatcher(services.api), events });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(web.url);
    await page.getByLabel('Email').fill('bench@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const [show, day] = folderPath.split('/').filter(Boolean) as [string, string];
    await page
      .getByRole('row', { name: new RegExp(show) })
      .first()
      .dblclick();
    await page
      .getByRole('row', { name: new RegExp(day) })
      .first()
      .waitFor();
    const started = performance.now();
    await page
      .getByRole('row', { name: new RegExp(day) })
      .first()
      .dblclick();
    await page
      .getByRole('row', { name: /A000_C000000_0\.mov/ })
      .first()
      .waitFor({ timeout: 30_000 });
    return performance.now() - started;
  } finally {
    await browser.close();
    await web.stop();
    services.dispose();
  }
}
