import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
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

type Options = { path?: string; url?: string; queryClient?: QueryClient };

/** Renders `ui` at `path` (a route pattern) with a fresh cache (unless given), theme and an in-memory router. */
export function renderPage(ui: ReactElement, { path = '/', url = path, queryClient }: Options = {}) {
  return renderRoutes([{ path, element: ui }], url, queryClient);
}

export function renderRoutes(routes: RouteObject[], url: string, queryClient = createTestQueryClient()) {
  const router = createMemoryRouter([...routes, { path: '*', element: <p>Elsewhere</p> }], {
    initialEntries: [url],
  });
  // No pause between keystrokes: MUI inputs re-render on each, and the suite runs on two cores.
  const user = userEvent.setup({ delay: null });
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}
