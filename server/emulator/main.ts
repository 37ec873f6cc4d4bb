// `npm run emulator`: the emulator alone, on 127.0.0.1:4010 (EMULATOR_PORT to change), with its leads kept in
// `.data/emulator.sqlite` (EMULATOR_DB_FILE to change) so they survive a restart.
import { resolve } from 'node:path';
import { startEmulator } from './index';

const repoRoot = resolve(import.meta.dirname, '../..');
const port = Number(process.env.EMULATOR_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  process.exit(1);
}
const dbFile = process.env.EMULATOR_DB_FILE ?? resolve(repoRoot, '.data/emulator.sqlite');

const emulator = await startEmulator({
  host: process.env.EMULATOR_HOST ?? '127.0.0.1',
  port,
  dbFile,
  logger: process.env.EMULATOR_LOG === '1',
});

console.log(`Marketo emulator listening on ${emulator.origin}`);
console.log(`  REST base URL:  ${emulator.restUrl}`);
console.log(`  Identity URL:   ${emulator.identityUrl}`);
console.log(`  Client id:      ${emulator.clientId}`);
console.log(`  Client secret:  ${emulator.clientSecret}`);
console.log(`  Database:       ${dbFile}`);
console.log(`  Control API:    ${emulator.origin}/__emulator/ (loopback only)`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the emulator`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
