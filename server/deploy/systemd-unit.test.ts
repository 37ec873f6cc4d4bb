// deploy/partition-console.service: systemd accepts every line of it (an unknown or misspelt key is only a
// warning to systemd, and would silently drop a hardening setting), and it agrees with the console it starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverBuildOptions } from '../../scripts/build.mjs';
import { LEAN_HEAP_FLAGS } from '../../scripts/lean-heap-flags.mjs';
import { loadConfig } from '../config/config';

const root = join(import.meta.dirname, '..', '..');
const unitFile = join(root, 'deploy', 'partition-console.service');
const systemdAnalyze = '/usr/bin/systemd-analyze';

/** `Key=value` lines of the unit, each key with all its values in order. */
function settings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of readFileSync(unitFile, 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) found.set(match[1]!, [...(found.get(match[1]!) ?? []), match[2]!]);
  }
  return found;
}

describe('deploy/partition-console.service', () => {
  it.skipIf(!existsSync(systemdAnalyze))('passes systemd-analyze verify without a single warning', () => {
    const result = spawnSync(systemdAnalyze, ['verify', unitFile], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs the compiled server, can write where the console database lives, and outlasts a graceful shutdown', () => {
    const unit = settings();
    // With the lean heap flags, which Node 22 and 24 honour only on the command line.
    expect(unit.get('ExecStart')).toEqual([
      `/usr/bin/node ${LEAN_HEAP_FLAGS.join(' ')} ${relative(root, serverBuildOptions.outfile)}`,
    ]);
    const databaseFile = unit
      .get('Environment')
      ?.find((value) => value.startsWith('CONSOLE_DB_FILE='))
      ?.slice('CONSOLE_DB_FILE='.length);
    expect(unit.get('ReadWritePaths')).toEqual([dirname(databaseFile ?? '')]);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    const stopSeconds = Number(/^(\d+)s$/.exec(unit.get('TimeoutStopSec')?.[0] ?? '')?.[1]);
    expect(stopSeconds).toBeGreaterThan(loadConfig({}).shutdownTimeoutMs / 1000);
  });
});
