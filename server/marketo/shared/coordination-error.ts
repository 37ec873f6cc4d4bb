// The error every Redis-backed piece throws when Redis cannot be reached. It is a `MarketoUnavailableError`, so
// callers that already wait out an unavailable Marketo (the import runner) do the same here; the routes answer it
// with its own 503 code (`coordination_unavailable`, server/http/upstream-errors.ts).
import { MarketoUnavailableError } from '../errors';

export class CoordinationUnavailableError extends MarketoUnavailableError {
  override name = 'CoordinationUnavailableError';
  constructor(cause?: unknown) {
    // No cause in the message: a Redis error may name the server, never worth showing a user.
    super(
      'coordination',
      'Calls to Marketo are paused: the replicas cannot reach Redis to share its limits',
      undefined,
      { cause },
    );
  }
}

/** Runs one Redis step, turning any failure of it into `CoordinationUnavailableError`. */
export async function coordinated<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof CoordinationUnavailableError) throw error;
    throw new CoordinationUnavailableError(error);
  }
}
