/** A start-up failure the user can fix (a port in use, a bad address); printed as one line, without a stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}
