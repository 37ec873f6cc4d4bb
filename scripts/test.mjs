// `npm test`: every check and every runner, then one closing line `N passed, N failed` summed over the runners
// (each failed check or unreported runner counts as a failure: see test-summary.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findChromium } from './chromium.mjs';
import { prepareNode24 } from './node24.mjs';
import { closingLine, playwrightCounts, tally, vitestCounts } from './test-summary.mjs';

const resultsDir = resolve('.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const checks = [];
const runners = [];

function run(name, command, args, extraEnv = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds} s)`);
  return ok;
}

function check(name, command, args) {
  checks.push({ name, ok: run(name, command, args) });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);
check('format', 'npm', ['run', '--silent', 'format:check']);
// Built before the tests, which also check that no secret reaches the built assets.
check('build', 'npm', ['run', '--silent', 'build']);

const vitestJson = join(resultsDir, 'vitest.json');
const vitestOk = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
runners.push({
  name: 'unit and integration tests',
  ok: vitestOk,
  counts: vitestCounts(readJson(vitestJson)),
});

// The server side again on Node 24, the current LTS (scripts/node24.mjs), unless this already is Node 24.
if (process.versions.node.split('.')[0] !== '24') {
  const name = 'server tests on Node 24';
  let node24;
  try {
    node24 = prepareNode24();
  } catch (error) {
    console.log(
      `\n✘ ${name}: Node 24 could not be prepared: ${error instanceof Error ? error.message : error}`,
    );
  }
  const node24Json = join(resultsDir, 'vitest-node24.json');
  const node24Ok =
    node24 !== undefined &&
    run(
      `${name} (${node24.version})`,
      node24.node,
      [
        join('node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--project',
        'server',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${node24Json}`,
      ],
      { PATH: node24.path, BETTER_SQLITE3_BINDING: node24.binding },
    );
  runners.push({ name, ok: node24Ok, counts: node24 ? vitestCounts(readJson(node24Json)) : undefined });
}

const hasSpecs =
  existsSync('e2e') && readdirSync('e2e', { recursive: true }).some((f) => String(f).endsWith('.spec.ts'));
if (hasSpecs) {
  // Debian's (or $PLAYWRIGHT_CHROMIUM_EXECUTABLE); with neither, Playwright falls back to a browser of its own.
  const chromium = findChromium({ install: true });
  const playwrightJson = join(resultsDir, 'playwright.json');
  const playwrightOk = run(
    'end-to-end tests',
    'npx',
    ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
      ...(chromium ? { PLAYWRIGHT_CHROMIUM_EXECUTABLE: chromium } : {}),
    },
  );
  runners.push({
    name: 'end-to-end tests',
    ok: playwrightOk,
    counts: playwrightCounts(readJson(playwrightJson)),
  });
}

const totals = tally({ checks, runners });
if (totals.failedSteps.length > 0) console.log(`\nFailed steps: ${totals.failedSteps.join(', ')}`);
const summary = closingLine(totals);
writeFileSync(join(resultsDir, 'summary.txt'), `${summary}\n`);
console.log(`\n${summary}`);
// Every failed step adds at least one failure, so the exit code and the closing line always agree.
process.exit(totals.failed > 0 ? 1 : 0);
