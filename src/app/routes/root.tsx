import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { AppShell } from '../../components/layout/app-shell';
import { LoadingBlock } from '../../components/feedback/loading-block';

export function RootLayout() {
  return (
    <AppShell>
      <Suspense fallback={<LoadingBlock label="Loading page" />}>
        <Outlet />
      </Suspense>
    </AppShell>
  );
}
