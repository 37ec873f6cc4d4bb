// Which database errors mean "the database cannot be written right now" (a full disk, a read-only file or folder,
// a lock held too long, an I/O error such as EFBIG past a file-size limit, a PostgreSQL server out of reach or
// refusing writes), as opposed to a bug in our SQL.
const SQLITE_CODES = [
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
];

/** SQLSTATE classes: 08 connection exception, 53 insufficient resources (disk full), 57 operator intervention. */
const POSTGRES_CLASSES = ['08', '53', '57'];
/** read_only_sql_transaction (a standby), insufficient_privilege (a role that may not write). */
const POSTGRES_STATES = ['25006', '42501'];
/** The network below pg: the server went away or never answered. */
const SOCKET_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'];

export function isStorageFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return false;
  // Extended codes keep the primary one as their prefix: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...
  if (SQLITE_CODES.some((primary) => code === primary || code.startsWith(`${primary}_`))) return true;
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return POSTGRES_CLASSES.includes(code.slice(0, 2)) || POSTGRES_STATES.includes(code);
  }
  return SOCKET_CODES.includes(code);
}
