// What each browser's failed import() says when the chunk did not arrive (Chromium, Safari, Firefox). Only these
// are worth the "could not reach its server" page and a retry; an error inside the chunk will not go away by
// loading it again.
const CHUNK_FETCH_MESSAGES = [
  'Failed to fetch dynamically imported module',
  'Importing a module script failed',
  'error loading dynamically imported module',
];

/** The page's chunk could not be fetched (the network or the server), rather than failing once it ran. */
export function isChunkLoadFailure(error: unknown): boolean {
  return (
    error instanceof TypeError && CHUNK_FETCH_MESSAGES.some((message) => error.message.includes(message))
  );
}
