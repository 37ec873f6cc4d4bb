import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { RouteObject } from 'react-router';
import { AppProvider } from '../app/provider';
import { createQueryClient } from '../lib/query-client';

/** The app's own defaults, minus retries, so a failure shows at once. */
export function createTestQueryClient() {
  const client = createQueryClient();
  const defaults = client.getDefaultOptions();
  client.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return client;
}

/** Renders `ui` at `path` (a route pattern) with a fresh cache, theme and an in-memory router. */
export function renderPage(
  ui: ReactElement,
  { path = '/', url = path }: { path?: string; url?: string } = {},
) {
  return renderRoutes([{ path, element: ui }], url);
}

export function renderRoutes(routes: RouteObject[], url: string) {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter([...routes, { path: '*', element: <p>Elsewhere</p> }], {
    initialEntries: [url],
  });
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}
