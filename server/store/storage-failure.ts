// Which SQLite errors mean "the database cannot be written right now" (a full disk, a read-only file or folder,
// a lock held too long, an I/O error such as EFBIG past a file-size limit), as opposed to a bug in our SQL.
const STORAGE_CODES = [
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
];

export function isStorageFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  // Extended codes keep the primary one as their prefix: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...
  return (
    typeof code === 'string' &&
    STORAGE_CODES.some((primary) => code === primary || code.startsWith(`${primary}_`))
  );
}
