// `npm run migrate-db -- --to postgres://…`: moves a team's SQLite console database into PostgreSQL for several
// replicas (README "Several replicas"), then checks the copy row by row. The source is --from, or the database the
// console would open (CONSOLE_DB_FILE from the environment or `.env`, server/config/env-schema.ts). The work is in
// server/store/copy-to-postgres.ts and server/store/verify-copy.ts. The URL's password is never printed.
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../server/config/dotenv';
import { EnvSchema } from '../server/config/env-schema';
import { COPIED_TABLES } from '../server/store/copied-tables';
import { CopyRefusedError, CopySource } from '../server/store/copy-source';
import { copyToPostgres, tablesToCopy } from '../server/store/copy-to-postgres';
import { describePostgres } from '../server/store/open-writable';
import { verifyCopy } from '../server/store/verify-copy';

const USAGE =
  'usage: npm run migrate-db -- --to postgres://user:password@host/database [--from console.sqlite] [--without-sessions]';

class UsageError extends Error {}

interface Arguments {
  from: string;
  to: string;
  withoutSessions: boolean;
}

function readArguments(args: string[]): Arguments {
  let values: { from?: string; to?: string; 'without-sessions'?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'without-sessions': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
    throw new UsageError(`--to must be a postgres:// or postgresql:// URL.\n${USAGE}`);
  }
  loadDotEnv();
  const from = values.from ?? EnvSchema.shape.CONSOLE_DB_FILE.parse(process.env.CONSOLE_DB_FILE);
  return { from, to: values.to, withoutSessions: values['without-sessions'] ?? false };
}

/** `text` with the URL and its password blanked, however an error quoted them. */
function withoutPassword(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    // An unreadable URL has no password we could find; it is replaced whole below.
  }
  const blanked = text.replaceAll(url, describePostgres(url));
  const secrets = password ? [password, decodeURIComponent(password)] : [];
  return secrets.reduce((out, secret) => out.replaceAll(secret, '[REDACTED]'), blanked);
}

const pad = (name: string) => name.padEnd(Math.max(...COPIED_TABLES.map((t) => t.name.length)) + 1);

async function migrate(args: Arguments): Promise<boolean> {
  const source = CopySource.open(args.from);
  try {
    console.log(`Copying ${source.file} into PostgreSQL ${describePostgres(args.to)}`);
    const started = performance.now();
    const copied = await copyToPostgres(source, args.to, {
      withoutSessions: args.withoutSessions,
      onTable: (table, rows) => console.log(`  ${pad(table)} ${rows.toLocaleString('en-US')} rows`),
    });
    const seconds = (performance.now() - started) / 1000;
    const total = copied.reduce((sum, { rows }) => sum + rows, 0);
    console.log(
      `Copied ${total.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s ` +
        `(${Math.round(total / seconds).toLocaleString('en-US')} rows/s). Verifying every row...`,
    );
    const verifyStarted = performance.now();
    const verified = await verifyCopy(source, args.to, tablesToCopy(args));
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    for (const { table, rows, targetRows } of verified.tables) {
      console.log(
        `  ${pad(table)} source ${rows.toLocaleString('en-US')}, target ${targetRows.toLocaleString('en-US')}`,
      );
    }
    if (verified.mismatch) {
      console.error(`Verification failed: ${verified.mismatch}`);
      return false;
    }
    console.log(
      `Verified in ${verifySeconds.toFixed(1)} s: every row of every table is the same on both sides.`,
    );
    return true;
  } finally {
    source.close();
  }
}

async function main(): Promise<void> {
  // The copy reads password hashes: nothing this process might write should be readable by others.
  process.umask(0o077);
  let args: Arguments | undefined;
  try {
    args = readArguments(process.argv.slice(2));
    if (!(await migrate(args))) process.exitCode = 1;
  } catch (error) {
    const message =
      error instanceof CopyRefusedError || error instanceof UsageError
        ? error.message
        : `${error instanceof Error ? error.message : String(error)}`;
    console.error(`Migration failed: ${args ? withoutPassword(message, args.to) : message}`);
    process.exitCode = 1;
  }
}

await main();
