// Test support: a real file-size limit (RLIMIT_FSIZE) on this process, set with util-linux's `prlimit`, so
// every write to a file past `bytes` fails with EFBIG as writes to a full disk fail. SIGXFSZ, which would
// kill the process, is caught meanwhile. Without `prlimit` the test fails: it never skips silently.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function softLimit(): string {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((text) => text.startsWith('Max file size'));
  const soft = line?.split(/\s{2,}/)[1];
  if (soft === undefined) throw new Error('no "Max file size" in /proc/self/limits');
  return soft;
}

function setSoftLimit(value: string): void {
  execFileSync('prlimit', [`--pid=${process.pid}`, `--fsize=${value}:`]);
}

/** Runs `body` while no file of this process can grow past `bytes`; the previous limit is restored after. */
export async function withFileSizeLimit<T>(bytes: number, body: () => Promise<T> | T): Promise<T> {
  const ignore = () => {};
  process.on('SIGXFSZ', ignore);
  const previous = softLimit();
  try {
    setSoftLimit(String(bytes));
    return await body();
  } finally {
    setSoftLimit(previous);
    process.off('SIGXFSZ', ignore);
  }
}
