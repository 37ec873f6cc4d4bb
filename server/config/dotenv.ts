import { existsSync } from 'node:fs';

/**
 * Loads `.env` into `process.env` when the file exists. Node's own loader never overrides a variable that is
 * already set, so the real environment wins.
 */
export function loadDotEnv(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
