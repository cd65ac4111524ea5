import type { Reporter, TestModule } from 'vitest/node';

/**
 * Vitest prints no plain totals line; CI and people reading logs want one. This reporter
 * adds `N passed, N failed` (and skipped) as the last line of the run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
        else skipped += 1;
      }
      // A file that failed to load, or whose beforeAll/afterAll failed, may have no failed
      // test (its tests show as skipped) but must still count as a failure.
      for (const suite of module.children.allSuites()) {
        if (suite.state() === 'failed' && ![...suite.children.allTests()].some((t) => t.result().state === 'failed')) failedHere += 1;
      }
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    const line = `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
    process.stdout.write(`\nvitest: ${line}\n`);
  }
}
