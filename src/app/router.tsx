import { createBrowserRouter, Navigate } from 'react-router';
import type { RouteObject } from 'react-router';
import { LoadingBlock } from '../components/feedback/loading-block';
import { AppShell } from '../components/layout/app-shell';
import { paths } from '../config/paths';
import { RootLayout } from './routes/root';
import { RouteError } from './routes/route-error';

// Each page is its own chunk; the DataGrid in particular stays out of the initial download.
export const routes: RouteObject[] = [
  {
    path: paths.signIn,
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingBlock label="Loading page" />,
    lazy: () => import('./routes/sign-in').then(asRoute),
  },
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    // Shown while the first page's chunk loads on a cold start or a reload of a deep link.
    hydrateFallbackElement: (
      <AppShell>
        <LoadingBlock label="Loading page" />
      </AppShell>
    ),
    children: [
      { path: paths.home, element: <Navigate to={paths.partitions} replace /> },
      { path: paths.partitions, lazy: () => import('./routes/partitions').then(asRoute) },
      { path: paths.leadNew, lazy: () => import('./routes/lead-new').then(asRoute) },
      { path: paths.leadLookup, lazy: () => import('./routes/lead-lookup').then(asRoute) },
      { path: paths.leadDetail, lazy: () => import('./routes/lead-detail').then(asRoute) },
      { path: paths.users, lazy: () => import('./routes/users').then(asRoute) },
      { path: paths.activity, lazy: () => import('./routes/activity').then(asRoute) },
      { path: paths.imports, lazy: () => import('./routes/import').then(asRoute) },
      { path: paths.importJob, lazy: () => import('./routes/import-job').then(asRoute) },
      { path: '*', lazy: () => import('./routes/not-found').then(asRoute) },
    ],
  },
];

function asRoute(module: { default: React.ComponentType }): { Component: React.ComponentType } {
  return { Component: module.default };
}

export function createRouter() {
  return createBrowserRouter(routes);
}
