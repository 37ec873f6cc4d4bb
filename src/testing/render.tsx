import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { RouteObject } from 'react-router';
import type { SessionResponse } from '../../server/contract/access';
import { setCsrfToken } from '../api/client';
import { sessionQueries } from '../api/session';
import { AppProvider } from '../app/provider';
import type { Locale } from '../i18n/locales';
import { createQueryClient } from '../lib/query-client';
import { aSession } from './fixtures';

/** The app's own defaults, minus retries, so a failure shows at once. */
export function createTestQueryClient() {
  const client = createQueryClient();
  const defaults = client.getDefaultOptions();
  client.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return client;
}

/** Who is signed in before the first render; `from-api` leaves it to `GET /api/session`, as at a cold start. */
export type SessionOption = SessionResponse | 'from-api';

/** `locale` fixes the language (English unless given); load its messages first (loadMessages) to skip a wait. */
type RouteOptions = { queryClient?: QueryClient; session?: SessionOption; locale?: Locale };
type Options = RouteOptions & { path?: string; url?: string };

// An editor by default: most pages assume a signed-in user who may write, as the app guarantees above them.
const editor: SessionResponse = aSession('editor');

function signIn(queryClient: QueryClient, session: SessionOption) {
  if (session === 'from-api') {
    setCsrfToken(undefined);
    return;
  }
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(sessionQueries.current().queryKey, session);
}

/** Renders `ui` at `path` (a route pattern) with a fresh cache (unless given), theme and an in-memory router. */
export function renderPage(ui: ReactElement, { path = '/', url = path, ...options }: Options = {}) {
  return renderRoutes([{ path, element: ui }], url, options);
}

export function renderRoutes(
  routes: RouteObject[],
  url: string,
  { queryClient = createTestQueryClient(), session = editor, locale = 'en' }: RouteOptions = {},
) {
  signIn(queryClient, session);
  const router = createMemoryRouter([...routes, { path: '*', element: <p>Elsewhere</p> }], {
    initialEntries: [url],
  });
  // No pause between keystrokes: MUI inputs re-render on each, and the suite runs on two cores.
  const user = userEvent.setup({ delay: null });
  const result = render(
    <AppProvider queryClient={queryClient} locale={locale}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}
