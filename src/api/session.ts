import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { SessionResponseSchema } from '../../server/contract/access';
import type { SessionResponse, SignInRequest } from '../../server/contract/access';
import { isApiError } from './api-error';
import { requestJson, requestVoid, setCsrfToken } from './client';

/** The signed-in user and token; `signInRequired` is false only on a server without access control. */
export type Session = SessionResponse & { signInRequired: boolean };

// Transitional: a server from before issue #5 answers 404 here and checks nobody, so the console behaves as it
// did then (everything allowed, no sign-out). Delete this once every deployment has sessions.
const OPEN_ACCESS: Session = {
  user: {
    id: 0,
    email: '',
    name: 'No sign-in on this server',
    role: 'admin',
    partitions: 'all',
    disabled: false,
    createdAt: '',
    lastSignInAt: null,
  },
  csrfToken: '',
  signInRequired: false,
};

/** `null` means signed out; any other failure is an error worth showing. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const body = await requestJson('session', SessionResponseSchema);
    setCsrfToken(body.csrfToken);
    return { ...body, signInRequired: true };
  } catch (error) {
    if (isApiError(error) && error.code === 'unauthenticated') {
      setCsrfToken(undefined);
      return null;
    }
    if (isApiError(error) && error.status === 404) return OPEN_ACCESS;
    throw error;
  }
}

export async function signIn(request: SignInRequest): Promise<Session> {
  const body = await requestJson('session', SessionResponseSchema, { method: 'post', json: request });
  setCsrfToken(body.csrfToken);
  return { ...body, signInRequired: true };
}

export async function signOut(): Promise<void> {
  await requestVoid('session', { method: 'delete' });
}

export const sessionQueries = {
  all: () => ['session'] as const,
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
  // Kept (not removed) so that whoever watches the session sees it end and sends the user to sign in.
  queryClient.setQueryData(sessionQueries.current().queryKey, null);
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
      queryClient.setQueryData(sessionQueries.current().queryKey, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...sessionQueries.all(), 'sign-out'],
    mutationFn: signOut,
    // Signed out locally even when the call fails: the user asked to leave, and the cookie will expire.
    // Everything goes, the session too: removing (unlike setting it to null) notifies no page still on screen,
    // and the next page that asks reads it afresh.
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.clear();
    },
  });
}
