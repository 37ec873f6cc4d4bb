import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closingLine, playwrightCounts, tally, vitestCounts } from './test-summary.mjs';

const root = join(import.meta.dirname, '..');

/** Runs Playwright with a webServer that exits at once, the way a taken port once failed `npm test`. */
function playwrightReportOfAServerThatNeverStarts(): { status: number | null; report: unknown } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-test-summary-'));
  try {
    const config = join(dir, 'playwright.config.mjs');
    writeFileSync(
      config,
      `export default { testDir: '.', webServer: { command: 'node -e "process.exit(3)"', url: 'http://127.0.0.1:9/', timeout: 20000 } };\n`,
    );
    const output = join(dir, 'report.json');
    const run = spawnSync(
      'npx',
      ['playwright', 'test', '-c', config, '--reporter=json', '--pass-with-no-tests'],
      {
        cwd: root,
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: output },
        encoding: 'utf8',
      },
    );
    return { status: run.status, report: JSON.parse(readFileSync(output, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('playwrightCounts', () => {
  it('counts a webServer that never started as a failure, though its stats say 0 unexpected', () => {
    const { status, report } = playwrightReportOfAServerThatNeverStarts();
    expect(status).not.toBe(0);
    expect(playwrightCounts(report)).toEqual({ passed: 0, failed: 1 });
  });

  it('counts expected and flaky tests as passed and unexpected ones as failed', () => {
    const report = { stats: { expected: 40, flaky: 2, unexpected: 3, skipped: 1 }, errors: [] };
    expect(playwrightCounts(report)).toEqual({ passed: 42, failed: 3 });
  });

  it('has no counts without a report', () => {
    expect(playwrightCounts(undefined)).toBeUndefined();
    expect(playwrightCounts({ errors: [] })).toBeUndefined();
  });
});

describe('vitestCounts', () => {
  it('counts a test file that failed to load as one failure', () => {
    const report = {
      numPassedTests: 7,
      numFailedTests: 2,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(vitestCounts(report)).toEqual({ passed: 7, failed: 3 });
  });

  it('has no counts without a report', () => {
    expect(vitestCounts(undefined)).toBeUndefined();
  });
});

describe('tally', () => {
  const green = { name: 'unit and integration tests', ok: true, counts: { passed: 100, failed: 0 } };

  it('sums the runners when everything passed', () => {
    const totals = tally({
      checks: [{ name: 'lint', ok: true }],
      runners: [green, { name: 'end-to-end tests', ok: true, counts: { passed: 20, failed: 0 } }],
    });
    expect(totals).toEqual({ passed: 120, failed: 0, failedSteps: [] });
    expect(closingLine(totals)).toBe('120 passed, 0 failed');
  });

  it('counts each failed check as one failure', () => {
    const totals = tally({
      checks: [
        { name: 'typecheck', ok: false },
        { name: 'lint', ok: true },
        { name: 'format', ok: false },
      ],
      runners: [green],
    });
    expect(totals).toEqual({ passed: 100, failed: 2, failedSteps: ['typecheck', 'format'] });
  });

  it('counts a runner that left no report as one failure', () => {
    const totals = tally({
      checks: [],
      runners: [green, { name: 'end-to-end tests', ok: false, counts: undefined }],
    });
    expect(closingLine(totals)).toBe('100 passed, 1 failed');
    expect(totals.failedSteps).toEqual(['end-to-end tests (no report)']);
  });

  it('counts a runner that failed while its report shows no failure as one, and adds nothing when it shows some', () => {
    const crashed = tally({
      checks: [],
      runners: [{ name: 'e2e', ok: false, counts: { passed: 5, failed: 0 } }],
    });
    expect(closingLine(crashed)).toBe('5 passed, 1 failed');
    const red = tally({
      checks: [],
      runners: [{ name: 'e2e', ok: false, counts: { passed: 5, failed: 2 } }],
    });
    expect(closingLine(red)).toBe('5 passed, 2 failed');
  });
});
