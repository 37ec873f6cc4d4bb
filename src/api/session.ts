import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { SessionResponseSchema } from '../../server/contract/access';
import type { SessionResponse, SignInRequest } from '../../server/contract/access';
import { isApiError } from './api-error';
import { requestJson, requestVoid, setCsrfToken } from './client';
import { fetchEndSessionUrl } from './sso';

/** `null` means signed out; any other failure is an error worth showing. */
export async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const session = await requestJson('session', SessionResponseSchema);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.code === 'unauthenticated') {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export async function signIn(request: SignInRequest): Promise<SessionResponse> {
  const session = await requestJson('session', SessionResponseSchema, { method: 'post', json: request });
  setCsrfToken(session.csrfToken);
  return session;
}

/**
 * Ends the console's session; for a single sign-on user, then also the identity provider's (RP-initiated logout),
 * whose URL must be asked for while the session still lasts.
 */
export async function signOut(ssoManaged = false): Promise<void> {
  const endSessionUrl = ssoManaged ? await fetchEndSessionUrl() : null;
  await requestVoid('session', { method: 'delete' });
  if (endSessionUrl) globalThis.location.assign(endSessionUrl);
}

export const sessionQueries = {
  all: () => ['session'] as const,
  // Cache-only (no fetch): set when a 401 ended the session in use, so sign-in can say why the user is there.
  ended: () => [...sessionQueries.all(), 'ended'] as const,
  // Read once at start; it changes only by signing in or out, or by a 401 from any other call.
  current: () =>
    queryOptions({
      queryKey: [...sessionQueries.all(), 'current'] as const,
      queryFn: fetchSession,
      staleTime: Infinity,
      retry: false,
    }),
};

/** Forgets everything the previous user could see and marks the session as ended. */
export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.getMutationCache().clear();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueries.all()[0] });
  // Before the session itself: whoever sees the session end reads this to tell why.
  queryClient.setQueryData(sessionQueries.ended(), true);
  // Kept (not removed) so that whoever watches the session sees it end and sends the user to sign in.
  queryClient.setQueryData(sessionQueries.current().queryKey, null);
}

/** Whether the session was ended by a 401 while in use, rather than never having started. */
export function sessionEnded(queryClient: QueryClient): boolean {
  return queryClient.getQueryData<boolean>(sessionQueries.ended()) === true;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    // Marks this mutation's 401 as wrong credentials rather than an ended session (see query-client.ts).
    mutationKey: [...sessionQueries.all(), 'sign-in'],
    mutationFn: signIn,
    onSuccess: (session) => {
      // A different user may sign in on the same tab: nothing of the previous one may linger.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueries.all()[0] });
      queryClient.removeQueries({ queryKey: sessionQueries.ended() });
      queryClient.setQueryData(sessionQueries.current().queryKey, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...sessionQueries.all(), 'sign-out'],
    mutationFn: () =>
      signOut(
        queryClient.getQueryData<SessionResponse | null>(sessionQueries.current().queryKey)?.user.ssoManaged,
      ),
    // Signed out locally even when the call fails: the user asked to leave, and the cookie will expire.
    // Everything goes, the session too: removing (unlike setting it to null) notifies no page still on screen,
    // and the next page that asks reads it afresh.
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.clear();
    },
  });
}
