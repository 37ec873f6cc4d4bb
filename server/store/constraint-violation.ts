// Which database errors are a broken constraint, for both drivers: better-sqlite3 names it in `code`
// (SQLITE_CONSTRAINT_UNIQUE, ...), pg gives the SQLSTATE (23505, ...).
export type ConstraintKind = 'unique' | 'foreign-key';

const SQLITE_CODES: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
};

const POSTGRES_STATES: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign-key',
};

/** The constraint `error` broke, or `undefined` when it is no constraint violation. */
export function constraintViolation(error: unknown): ConstraintKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return undefined;
  return SQLITE_CODES[code] ?? POSTGRES_STATES[code];
}
