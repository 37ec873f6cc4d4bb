// Bulk import: Marketo calls and pace for 10,000 rows, and the proxy's peak memory while it takes a 50 MB file.
// The 10,000 rows run against the emulator under the production budget (50 calls / 20 s, 10 kept free for
// interactive use). The 50 MB file goes to a real proxy process, whose peak resident memory the kernel reports
// (VmHWM), from upload through the check, the start and the first chunks; then the import is cancelled. Meanwhile
// a worker thread asks that proxy for GET /api/partitions every 100 ms, as a person's screen would: the latency
// of those answers per phase shows whether the import holds the proxy's event loop.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ImportCheck, ImportFile, ImportJob } from '../../server/contract/imports';
import { startEmulator } from '../../server/emulator/index';
import { signInOverHttp, startProxyProcess } from '../../server/proxy-process';
import { startTestStack } from '../../server/test-helpers';
import { quantile, type Benchmark } from './benchmark';
import { PEAK_MEMORY_BUDGET_MB, verdict } from './lean-budget';

const ROWS = 10_000;
export const BIG_FILE_BYTES = 50 * 1024 * 1024;
const HEADER = 'Email Address,First Name,Last Name,Company,Job Title,Phone\r\n';
export const MAPPING = ['email', 'firstName', 'lastName', 'company', 'title', 'phone'];

function row(tag: string, n: number): string {
  return `${tag}.${n}@example.com,Ana${n},Núñez${n % 997},"Importadora ${n % 89}, S.A.",Gerente,+52 55 5${String(n).padStart(7, '0')}\r\n`;
}

/** The CSV as a stream of about `bytes` bytes, never whole in this process either. */
export function* csvLines(tag: string, bytes: number): Generator<string> {
  yield HEADER;
  let written = HEADER.length;
  for (let n = 1; written < bytes; n++) {
    const line = row(tag, n);
    written += Buffer.byteLength(line);
    yield line;
  }
}

export type Headers = Record<string, string>;

export async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function upload(
  url: string,
  headers: Headers,
  body: BodyInit,
  name: string,
): Promise<ImportFile> {
  const response = await fetch(`${url}/api/imports/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body,
    duplex: 'half',
  } as RequestInit);
  return json<ImportFile>(response, 'upload');
}

export async function post<T>(url: string, headers: Headers, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return json<T>(response, path);
}

async function job(url: string, headers: Headers, id: string): Promise<ImportJob> {
  return json<ImportJob>(await fetch(`${url}/api/imports/${id}`, { headers }), 'job');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitForJob(
  url: string,
  headers: Headers,
  id: string,
  done: (job: ImportJob) => boolean,
) {
  for (;;) {
    const current = await job(url, headers, id);
    if (done(current)) return current;
    await sleep(100);
  }
}

async function tenThousandRows(): Promise<string[]> {
  const stack = await startTestStack({ listen: true, logLevel: 'warn' });
  try {
    const url = stack.origin ?? '';
    const lines = [HEADER, ...Array.from({ length: ROWS }, (_, n) => row('bench', n + 1))];
    const before = await stack.control.stats();
    const started = performance.now();
    const file = await upload(url, stack.api.headers, lines.join(''), 'bench.csv');
    const settings = { fileId: file.id, partitionName: 'Mexico', mapping: MAPPING };
    const created = await post<ImportJob>(url, stack.api.headers, '/api/imports', settings);
    const finished = await waitForJob(url, stack.api.headers, created.id, (j) => j.state !== 'running');
    const seconds = (performance.now() - started) / 1000;
    const after = await stack.control.stats();
    const path = '/rest/v1/leads.json';
    const syncCalls = (after.callsByPath[path] ?? 0) - (before.callsByPath[path] ?? 0);
    const { counts } = finished;
    return [
      `${ROWS.toLocaleString('en-US')} rows: ${syncCalls} sync calls (limit ${Math.ceil(ROWS / 300)}), ${after.calls - before.calls} upstream calls in all; ${counts.created} created, ${counts.failed} failed; state ${finished.state}`,
      `pace against the emulator: ${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s from upload to the last answer (${seconds.toFixed(1)} s), peak ${after.maxCallsIn20s} calls in 20 s`,
    ];
  } finally {
    await stack.close();
  }
}

/** The kernel's account of a process's resident memory: now, and the peak since it started. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

// Plain JS for the worker (no TypeScript loader there). One request at a time: a stalled proxy shows as one long
// answer, not as a pile of queued ones. Its own event loop, so this process generating the upload never delays it.
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const samples = [];
let stopping = false;
parentPort.on('message', () => { stopping = true; });
(async () => {
  // Unrecorded: the first request also opens the connection.
  await (await fetch(workerData.url, { headers: workerData.headers })).arrayBuffer();
  while (!stopping) {
    const started = performance.now();
    const at = Date.now();
    const response = await fetch(workerData.url, { headers: workerData.headers });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    samples.push({ at, ms, ok: response.ok });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, workerData.everyMs - ms)));
  }
  parentPort.postMessage(samples);
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

interface ProbeSample {
  at: number;
  ms: number;
  ok: boolean;
}

/** Times GET `url` every `everyMs` from a worker thread until `stop()`, which answers every sample. */
function startProbe(url: string, headers: Headers, everyMs = 100): { stop(): Promise<ProbeSample[]> } {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url, headers, everyMs } });
  const done = new Promise<ProbeSample[]>((resolve, reject) => {
    worker.once('message', (message: ProbeSample[] | { error: string }) => {
      if ('error' in message) reject(new Error(`probe: ${message.error}`));
      else resolve(message);
    });
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const samples = await done;
      await worker.terminate();
      return samples;
    },
  };
}

/** Max and p99 latency of the probe's answers within each phase (`marks`: phase name → its end time). */
function latencyByPhase(samples: readonly ProbeSample[], phases: readonly [string, number][]): string {
  let from = 0;
  const parts = phases.map(([name, until]) => {
    const inPhase = samples.filter((sample) => sample.at >= from && sample.at < until);
    from = until;
    const latencies = inPhase.map((sample) => sample.ms);
    const failed = inPhase.filter((sample) => !sample.ok).length;
    const at = (q: number) => quantile(latencies, q).toFixed(0);
    return `${name} p50 ${at(0.5)} / p99 ${at(0.99)} / max ${Math.max(...latencies).toFixed(0)} ms (${inPhase.length}${failed > 0 ? `, ${failed} failed` : ''})`;
  });
  return parts.join('; ');
}

async function fiftyMegabytes(): Promise<string[]> {
  const emulator = await startEmulator({ port: 0, dbFile: ':memory:' });
  const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
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
    // Warm: the catalogue is cached after its first read, so later answers time the proxy alone.
    await json(await fetch(`${proxy.url}/api/partitions`, { headers }), 'partitions');
    const baseline = memoryOf(proxy.pid);
    const probe = startProbe(`${proxy.url}/api/partitions`, headers);
    const idleUntil = Date.now() + 1_000;
    await sleep(1_000);
    const t0 = performance.now();
    const body = Readable.toWeb(Readable.from(csvLines('big', BIG_FILE_BYTES))) as ReadableStream;
    const file = await upload(proxy.url, headers, body, 'big.csv');
    const t1 = performance.now();
    const uploaded = { at: Date.now(), memory: memoryOf(proxy.pid) };
    const settings = { fileId: file.id, partitionName: 'Mexico', mapping: MAPPING };
    const check = await post<ImportCheck>(proxy.url, headers, '/api/imports/check', settings);
    const t2 = performance.now();
    const checked = { at: Date.now(), memory: memoryOf(proxy.pid) };
    const created = await post<ImportJob>(proxy.url, headers, '/api/imports', settings);
    const t3 = performance.now();
    const started = { at: Date.now(), memory: memoryOf(proxy.pid) };
    await waitForJob(proxy.url, headers, created.id, (j) => j.counts.sent >= 3000);
    const sending = { at: Date.now(), memory: memoryOf(proxy.pid) };
    await post<ImportJob>(proxy.url, headers, `/api/imports/${created.id}/cancel`, {});
    const cancelled = { at: Date.now(), memory: memoryOf(proxy.pid) };
    const samples = await probe.stop();
    const memory = cancelled.memory;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const peakAfter = (phase: { memory: { peakMb: number } }) => phase.memory.peakMb.toFixed(0);
    return [
      `${verdict(memory.peakMb < PEAK_MEMORY_BUDGET_MB)} proxy peak resident memory through the 50 MB import ${memory.peakMb.toFixed(0)} MB (budget ${PEAK_MEMORY_BUDGET_MB} MB)`,
      `${mb(file.sizeBytes)} MB file, ${file.rowCount.toLocaleString('en-US')} rows (${check.validRows.toLocaleString('en-US')} valid): upload + parse + store ${((t1 - t0) / 1000).toFixed(1)} s, check every row ${((t2 - t1) / 1000).toFixed(1)} s, start ${((t3 - t2) / 1000).toFixed(1)} s`,
      `proxy peak resident memory ${memory.peakMb.toFixed(0)} MB (${baseline.rssMb.toFixed(0)} MB after start, so +${(memory.peakMb - baseline.rssMb).toFixed(0)} MB, ${((memory.peakMb - baseline.rssMb) / (file.sizeBytes / 1024 / 1024)).toFixed(2)} × the file), through upload, check, start, the first 3,000 rows sent and the cancel`,
      `peak so far after upload ${peakAfter(uploaded)} MB, after check ${peakAfter(checked)} MB, after start ${peakAfter(started)} MB, after 3,000 rows sent ${peakAfter(sending)} MB, after cancel ${peakAfter(cancelled)} MB; resident at the end ${memory.rssMb.toFixed(0)} MB`,
      `GET /api/partitions every 100 ms meanwhile: ${latencyByPhase(samples, [
        ['idle', idleUntil],
        ['upload', uploaded.at],
        ['check', checked.at],
        ['start', started.at],
        ['sending', sending.at],
        ['cancel', cancelled.at],
      ])}`,
    ];
  } finally {
    proxy.kill('SIGKILL');
    await proxy.exit;
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'bulk import',
  async run() {
    return [...(await tenThousandRows()), ...(await fiftyMegabytes())];
  },
};
