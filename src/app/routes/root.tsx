import { Suspense } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { sessionEnded } from '../../api/session';
import { useSession } from '../../api/use-session';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { AppShell } from '../../components/layout/app-shell';
import { RoutePageTitle } from '../../components/layout/route-page-title';
import { signInHref } from '../../config/paths';

/** Every page but sign-in: only with a session; without one (never had it, or it just ended) go sign in. */
export function RootLayout() {
  const session = useSession();
  const queryClient = useQueryClient();
  const { pathname, search } = useLocation();
  if (session.data === null) {
    const reason = sessionEnded(queryClient) ? 'expired' : undefined;
    return <Navigate to={signInHref(pathname + search, reason)} replace />;
  }
  return (
    <AppShell>
      <RoutePageTitle />
      {/* A new page starts at its top (e.g. the import's job page after Start, low on the import page). */}
      <ScrollRestoration />
      {session.data ? (
        <Suspense fallback={<LoadingBlock label="shell.loadingPage" />}>
          <Outlet />
        </Suspense>
      ) : session.error ? (
        <ApiErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      ) : (
        <LoadingBlock label="shell.checkingSession" />
      )}
    </AppShell>
  );
}
