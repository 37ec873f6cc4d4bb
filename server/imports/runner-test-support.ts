// Shared by the runner's tests: a runner of the test's own beside the stack's idle one, and the emulator's leads
// as the tests count them.
import { expect } from 'vitest';
import type { EmulatorLead } from '../emulator/test-helpers';
import { createLogger } from '../logger';
import type { TestStack } from '../test-helpers';
import { ImportRunner, type ImportRunnerDeps } from './runner';

export interface RunnerHandle {
  runner: ImportRunner;
  /** Every line the runner logged, debug included. */
  logs: string[];
}

/** A runner on the stack's database with a short backoff (50 ms doubling to 200 ms) and its log kept. */
export function testRunner(stack: TestStack, overrides: Partial<ImportRunnerDeps> = {}): RunnerHandle {
  const logs: string[] = [];
  const runner = new ImportRunner({
    db: stack.imports.db,
    marketo: stack.marketo,
    catalog: stack.catalog,
    access: stack.access,
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } }),
    backoff: { firstMs: 50, maxMs: 200 },
    ...overrides,
  });
  return { runner, logs };
}

/** The emulator's leads whose email ends with `@domain`, by lower-cased email, failing on any duplicate. */
export async function leadsAt(stack: TestStack, domain: string): Promise<Map<string, EmulatorLead>> {
  const byEmail = new Map<string, EmulatorLead>();
  for (const lead of await stack.control.leads()) {
    const email = String(lead.email ?? '').toLowerCase();
    if (!email.endsWith(`@${domain}`)) continue;
    expect(byEmail.has(email), `${email} exists twice`).toBe(false);
    byEmail.set(email, lead);
  }
  return byEmail;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
