import { createBrowserRouter, Navigate } from 'react-router';
import type { RouteObject } from 'react-router';
import { LoadingBlock } from '../components/feedback/loading-block';
import { AppShell } from '../components/layout/app-shell';
import type { PageTitleHandle } from '../components/layout/page-title';
import { paths } from '../config/paths';
import { lazyPage } from './lazy-page';
import { RootLayout } from './routes/root';
import { RouteError } from './routes/route-error';

/** The browser tab's name for a page (see RoutePageTitle). */
function titled(title: PageTitleHandle['title']): PageTitleHandle {
  return { title };
}

// Each page is its own chunk; the DataGrid in particular stays out of the initial download.
export const routes: RouteObject[] = [
  {
    path: paths.signIn,
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingBlock label="shell.loadingPage" />,
    handle: titled('page.signIn'),
    lazy: lazyPage(() => import('./routes/sign-in')),
  },
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    // Shown while the first page's chunk loads on a cold start or a reload of a deep link.
    hydrateFallbackElement: (
      <AppShell>
        <LoadingBlock label="shell.loadingPage" />
      </AppShell>
    ),
    children: [
      { path: paths.home, element: <Navigate to={paths.partitions} replace /> },
      {
        path: paths.partitions,
        handle: titled('page.partitions'),
        lazy: lazyPage(() => import('./routes/partitions')),
      },
      {
        path: paths.leadNew,
        handle: titled('page.leadNew'),
        lazy: lazyPage(() => import('./routes/lead-new')),
      },
      {
        path: paths.leadLookup,
        handle: titled('page.leadLookup'),
        lazy: lazyPage(() => import('./routes/lead-lookup')),
      },
      {
        path: paths.leadDetail,
        handle: titled(({ id = '' }) => ({ id: 'page.leadDetail', values: { id } })),
        lazy: lazyPage(() => import('./routes/lead-detail')),
      },
      { path: paths.users, handle: titled('page.users'), lazy: lazyPage(() => import('./routes/users')) },
      {
        path: paths.activity,
        handle: titled('page.activity'),
        lazy: lazyPage(() => import('./routes/activity')),
      },
      {
        path: paths.imports,
        handle: titled('page.imports'),
        lazy: lazyPage(() => import('./routes/import')),
      },
      {
        path: paths.importJob,
        handle: titled('page.importJob'),
        lazy: lazyPage(() => import('./routes/import-job')),
      },
      {
        path: paths.moves,
        handle: titled('page.moves'),
        lazy: lazyPage(() => import('./routes/moves')),
      },
      {
        path: paths.moveJob,
        handle: titled('page.moveJob'),
        lazy: lazyPage(() => import('./routes/move-job')),
      },
      { path: '*', handle: titled('page.notFound'), lazy: lazyPage(() => import('./routes/not-found')) },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
