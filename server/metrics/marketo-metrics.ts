// Marketo calls by endpoint and outcome, and token refreshes, fed by the client's `onAttempt` observer
// (server/marketo/observer.ts): every attempt counts, retried ones too, so a 606 shows even when the retry won.
import { Counter, type Registry } from 'prom-client';
import { IDENTITY_PATH, type AttemptObserver } from '../marketo/observer';

/** The path as a pattern: ids become `{id}` so one lead's calls do not each make a series. */
export function endpointPattern(path: string): string {
  return path.replace(/\/[0-9]+(?=\.json$|\/|$)/g, '/{id}');
}

export function marketoAttemptObserver(registry: Registry): AttemptObserver {
  const calls = new Counter({
    name: 'marketo_calls_total',
    help: 'Attempts sent to the Marketo REST API, retries included, by endpoint and outcome (success or code)',
    labelNames: ['endpoint', 'outcome'] as const,
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'marketo_token_refreshes_total',
    help: 'Identity calls for an access token, by outcome (success, refused, or the failure code)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return ({ path, outcome }) => {
    if (path === IDENTITY_PATH) refreshes.inc({ outcome });
    else calls.inc({ endpoint: endpointPattern(path), outcome });
  };
}
