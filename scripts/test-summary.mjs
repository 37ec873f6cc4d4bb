// The arithmetic of `npm test`'s closing line. A step that fails without saying how many tests failed (a crash,
// a webServer that never started, a missing report, a failed typecheck) still counts: a red run must never
// close on "0 failed".

/**
 * Vitest's JSON report as counts. A test file that fails to load has no failed test of its own, so it counts
 * as one failure itself.
 * @param {any} report
 * @returns {{ passed: number, failed: number } | undefined}
 */
export function vitestCounts(report) {
  if (!report || typeof report.numPassedTests !== 'number') return undefined;
  const filesFailedWithoutTest = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + filesFailedWithoutTest };
}

/**
 * Playwright's JSON report as counts. Errors outside any test (e.g. "webServer was not able to start") leave
 * the stats at zero, so each counts as one failure.
 * @param {any} report
 * @returns {{ passed: number, failed: number } | undefined}
 */
export function playwrightCounts(report) {
  const stats = report?.stats;
  if (!stats || typeof stats.expected !== 'number') return undefined;
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (Array.isArray(report.errors) ? report.errors.length : 0),
  };
}

/**
 * @typedef {{ name: string, ok: boolean }} CheckStep  typecheck, lint, format, build: no tests of their own
 * @typedef {{ name: string, ok: boolean, counts: { passed: number, failed: number } | undefined }} RunnerStep
 */

/**
 * Sums the runners' counts; every failed check, every runner without a report, and every runner that failed
 * while its report shows no failure adds one failure.
 * @param {{ checks: CheckStep[], runners: RunnerStep[] }} steps
 * @returns {{ passed: number, failed: number, failedSteps: string[] }}
 */
export function tally({ checks, runners }) {
  let passed = 0;
  let failed = 0;
  const failedSteps = [];
  for (const check of checks) {
    if (check.ok) continue;
    failed += 1;
    failedSteps.push(check.name);
  }
  for (const runner of runners) {
    if (!runner.counts) {
      failed += 1;
      failedSteps.push(`${runner.name} (no report)`);
      continue;
    }
    passed += runner.counts.passed;
    failed += runner.counts.failed;
    if (runner.ok) continue;
    if (runner.counts.failed === 0) failed += 1;
    failedSteps.push(runner.name);
  }
  return { passed, failed, failedSteps };
}

/**
 * The closing line `.ci/run` prints and CI reads.
 * @param {{ passed: number, failed: number }} totals
 */
export function closingLine({ passed, failed }) {
  return `${passed} passed, ${failed} failed`;
}
