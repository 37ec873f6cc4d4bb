import { isApiError } from './api-error';

// The server replays its first answer to a repeated key (server/http/idempotency.ts), so a key only protects
// anything if a repeat of the same submit carries it again. Mutations are never retried (query-client.ts) and
// each Save builds a new request, so the repeat is the user's next Save: when the last attempt at this path got
// no answer at all (the network failed or it timed out), Marketo may have it, and the same body again is the same
// submit. Any HTTP answer, success or refusal, ends that submit: the user saw what happened, and a Save after it
// is a new write.
const unanswered = new Map<string, { body: string; key: string }>();

// randomUUID exists only in secure contexts; a console served over plain http to a LAN name has not got it.
function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** No HTTP answer arrived, so whether the write happened is unknown. */
function gotNoAnswer(error: unknown): boolean {
  return isApiError(error) && (error.code === 'network' || error.code === 'timeout');
}

/** Sends `body` to `path` with the key of its unanswered earlier attempt, or a fresh key for a new submit. */
export async function sendOnce<T>(
  path: string,
  body: unknown,
  send: (key: string) => Promise<T>,
): Promise<T> {
  const text = JSON.stringify(body);
  const previous = unanswered.get(path);
  const key = previous?.body === text ? previous.key : randomKey();
  unanswered.set(path, { body: text, key });
  const answered = () => {
    // A later submit may have taken the path meanwhile; its attempt is not this one's to end.
    if (unanswered.get(path)?.key === key) unanswered.delete(path);
  };
  try {
    const result = await send(key);
    answered();
    return result;
  } catch (error) {
    if (!gotNoAnswer(error)) answered();
    throw error;
  }
}
