// The 50 MB file through both import paths, side by side (server/imports/bulk/README.md): upstream calls, time from
// start to the last result, and the proxy's peak resident memory, each path in a fresh proxy process against a
// fresh emulator at the production budget (50 calls / 20 s). The bulk path runs to the end. The sync path needs
// about 1,900 calls, some 16 minutes at that budget: it runs for `SYNC_SAMPLE_ROWS` rows and its calls and time
// for the whole file are extrapolated from them (labelled so), unless BENCH_IMPORT_SYNC_FULL=1 runs it through.
// BENCH_IMPORT_PATHS=bulk (or sync) runs one path only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ImportJob } from '../../server/contract/imports';
import { startEmulator } from '../../server/emulator/index';
import { emulatorControl } from '../../server/emulator/test-helpers';
import { signInOverHttp, startProxyProcess } from '../../server/proxy-process';
import type { Benchmark } from './benchmark';
import { BIG_FILE_BYTES, csvLines, MAPPING, memoryOf, post, upload, waitForJob } from './import';

const SYNC_SAMPLE_ROWS = 30_000;
const full = process.env.BENCH_IMPORT_SYNC_FULL === '1';
const only = process.env.BENCH_IMPORT_PATHS;

interface PathRun {
  path: 'bulk' | 'sync';
  rows: number;
  valid: number;
  answered: number;
  calls: number;
  byPath: Record<string, number>;
  seconds: number;
  peakMb: number;
  state: string;
  counts: ImportJob['counts'];
  batches: number;
}

async function runPath(path: 'bulk' | 'sync'): Promise<PathRun> {
  const emulator = await startEmulator({ port: 0, dbFile: ':memory:' });
  const control = emulatorControl(emulator.origin);
  const dir = mkdtempSync(join(tmpdir(), `import-${path}-bench-`));
  const admin = { email: 'bench.admin@example.com', password: 'bench-admin-password-1' };
  const proxy = await startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: join(dir, 'console.sqlite'),
    CONSOLE_ADMIN_EMAIL: admin.email,
    CONSOLE_ADMIN_PASSWORD: admin.password,
  });
  try {
    const headers = await signInOverHttp(proxy.url, admin);
    const body = Readable.toWeb(Readable.from(csvLines('big', BIG_FILE_BYTES))) as ReadableStream;
    const file = await upload(proxy.url, headers, body, 'big.csv');
    const settings = { fileId: file.id, partitionName: 'Mexico', mapping: MAPPING, path };
    const before = await control.stats();
    const started = performance.now();
    const created = await post<ImportJob>(proxy.url, headers, '/api/imports', settings);
    const sample = path === 'sync' && !full;
    const done = await waitForJob(proxy.url, headers, created.id, (job) =>
      sample ? job.counts.sent >= SYNC_SAMPLE_ROWS : job.state !== 'running',
    );
    const seconds = (performance.now() - started) / 1000;
    const after = await control.stats();
    const byPath: Record<string, number> = {};
    for (const [name, count] of Object.entries(after.callsByPath)) {
      const spent = count - (before.callsByPath[name] ?? 0);
      if (spent > 0) byPath[name] = spent;
    }
    if (sample) await post(proxy.url, headers, `/api/imports/${created.id}/cancel`, {});
    const view = await waitForJob(proxy.url, headers, created.id, () => true);
    return {
      path,
      rows: file.rowCount,
      valid: file.rowCount - done.counts.skipped,
      answered: done.counts.sent,
      calls: after.calls - before.calls,
      byPath,
      seconds,
      peakMb: memoryOf(proxy.pid).peakMb,
      state: done.state,
      counts: done.counts,
      batches: view.bulkBatches?.length ?? 0,
    };
  } finally {
    proxy.kill('SIGKILL');
    await proxy.exit;
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

function describe(run: PathRun): string {
  const calls = Object.entries(run.byPath)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  if (run.path === 'sync' && run.answered < run.valid) {
    const scale = run.valid / run.answered;
    return (
      `sync: ${n(run.calls)} calls and ${run.seconds.toFixed(1)} s for the first ${n(run.answered)} rows (${calls}); ` +
      `extrapolated to all ${n(run.valid)} valid rows: ~${n(run.calls * scale)} calls, ~${n((run.seconds * scale) / 60)} min; ` +
      `peak resident ${n(run.peakMb)} MB`
    );
  }
  return (
    `${run.path}: ${n(run.calls)} upstream calls (${calls}) and ${run.seconds.toFixed(1)} s from start to the last ` +
    `result for ${n(run.valid)} valid rows${run.path === 'bulk' ? ` in ${run.batches} files` : ''}; state ${run.state}, ` +
    `${n(run.counts.written + run.counts.created + run.counts.updated)} written, ${n(run.counts.failed)} failed; ` +
    `peak resident ${n(run.peakMb)} MB`
  );
}

export const benchmark: Benchmark = {
  name: 'import paths (50 MB file, bulk vs sync)',
  async run() {
    const lines: string[] = [];
    if (only !== 'sync') {
      const bulk = await runPath('bulk');
      lines.push(
        `${bulk.calls <= 20 ? '✔' : '✘'} bulk path ${bulk.calls} upstream calls for the 50 MB file (target ≤ 20)`,
        describe(bulk),
      );
    }
    if (only !== 'bulk') lines.push(describe(await runPath('sync')));
    return lines;
  },
};
