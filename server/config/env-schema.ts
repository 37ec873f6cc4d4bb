import { z } from 'zod';

// Every value arrives as a string (or not at all); empty strings count as "not set" so that a `.env` line
// like `MARKETO_CLIENT_ID=` does not switch the console into half-configured Marketo mode.
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

function integer(name: string, fallback: number, min: number, max: number) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? String(fallback) : value),
    z
      .string()
      .regex(/^[0-9]+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, `${name} must be at least ${min}`)
          .max(max, `${name} must be at most ${max}`),
      ),
  );
}

/** The raw environment the proxy reads; `loadConfig` turns it into a `Config`. */
export const EnvSchema = z.object({
  MARKETO_BASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'MARKETO_BASE_URL must be an http(s) URL such as https://123-ABC-456.mktorest.com',
      })
      .optional(),
  ),
  MARKETO_CLIENT_ID: optionalText,
  MARKETO_CLIENT_SECRET: optionalText,
  /** Extra host names (comma-separated) the console answers to, e.g. when HOST is not loopback. */
  ALLOWED_HOSTS: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9.:[\]-]+(,[A-Za-z0-9.:[\]-]+)*$/,
        'ALLOWED_HOSTS must be a comma-separated list of host names',
      )
      .optional(),
  ),
  HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  PORT: integer('PORT', 8080, 0, 65_535),
  MARKETO_CALLS_PER_20S: integer('MARKETO_CALLS_PER_20S', 50, 1, 100),
  MARKETO_MAX_CONCURRENT: integer('MARKETO_MAX_CONCURRENT', 5, 1, 10),
  CATALOG_CACHE_TTL_SECONDS: integer('CATALOG_CACHE_TTL_SECONDS', 3600, 0, 7 * 24 * 3600),
  USAGE_CACHE_TTL_SECONDS: integer('USAGE_CACHE_TTL_SECONDS', 300, 0, 24 * 3600),
  API_RATE_LIMIT_PER_MINUTE: integer('API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
  MAX_BODY_BYTES: integer('MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_SECONDS: integer('SHUTDOWN_TIMEOUT_SECONDS', 60, 1, 3600),
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  // Emulator mode only: 0 picks any free loopback port; e2e pins one to reach the emulator's control API.
  EMULATOR_PORT: integer('EMULATOR_PORT', 0, 0, 65_535),
  EMULATOR_DB_FILE: optionalText.pipe(z.string().default('.data/emulator.sqlite')),
  DIST_DIR: optionalText.pipe(z.string().default('dist')),
});
export type Env = z.output<typeof EnvSchema>;

/** The three settings that together select a real Marketo instance. */
export const MARKETO_KEYS = ['MARKETO_BASE_URL', 'MARKETO_CLIENT_ID', 'MARKETO_CLIENT_SECRET'] as const;
