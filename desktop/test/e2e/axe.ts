import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The rules procurement asks for: WCAG 2.1 level A and AA. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  screen: string;
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

/** Every finding of every screen checked, blocking or not, for the summary at the end. */
export const findings: Finding[] = [];

/**
 * Runs axe-core over what `page` shows now, as `screen`, and fails on any critical or serious
 * violation, naming each one's rule, the elements it found and what is wrong. Moderate and minor
 * ones are recorded in `findings` but do not fail.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await analyzeWhenStill(page);
  const found = results.violations.flatMap((violation) =>
    violation.nodes.map((node) => ({
      screen,
      rule: violation.id,
      impact: node.impact ?? violation.impact ?? 'unknown',
      targets: node.target.map(String),
      summary: (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim(),
    })),
  );
  findings.push(...found);
  const blocking = found.filter(({ impact }) => impact === 'critical' || impact === 'serious');
  // Soft: the screen's test still closes what it opened, so the screens after it are checked too.
  expect.soft(blocking.map(describe), `${screen}: critical or serious WCAG 2.1 AA violations`).toEqual([]);
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/**
 * Axe's results for a page at rest: animations mid-flight give it half-faded colours to judge,
 * so it waits for every animation and transition to end, counts the ones that start while axe
 * reads the page (a toast appearing, say), and reads it again when any did.
 */
async function analyzeWhenStill(page: Page): Promise<AxeResults> {
  for (let attempt = 1; ; attempt += 1) {
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
        .getAnimations()
        .every((animation) => animation.playState !== 'running'),
    );
    const before = await page.evaluate(startedMotions);
    // The e2e project's page type comes from playwright-core; AxeBuilder names playwright's, the same class.
    const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] })
      .withTags(WCAG_21_AA)
      .analyze();
    if ((await page.evaluate(startedMotions)) === before || attempt === 5) return results;
  }
}

/** How many animations and transitions have started in the page so far (counted from the first call). */
function startedMotions(): number {
  const scope = globalThis as unknown as {
    __rushesMotions?: number;
    document: { addEventListener(type: string, listener: () => void, capture: boolean): void };
  };
  if (scope.__rushesMotions === undefined) {
    scope.__rushesMotions = 0;
    const count = () => {
      scope.__rushesMotions! += 1;
    };
    for (const type of ['transitionrun', 'animationstart']) scope.document.addEventListener(type, count, true);
  }
  return scope.__rushesMotions;
}

export function describe({ screen, rule, impact, targets, summary }: Finding): string {
  return `${screen} · ${rule} (${impact}) · ${targets.join(' ')} · ${summary}`;
}
