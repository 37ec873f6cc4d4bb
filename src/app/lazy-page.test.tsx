import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useRouteError } from 'react-router';
import { fakeApi } from '../testing/fake-api';
import { renderRoutes } from '../testing/render';
import { lazyPage } from './lazy-page';

function RouteErrorShown() {
  const error = useRouteError();
  return <p>Route error: {error instanceof Error ? error.message : 'unknown'}</p>;
}

function pageRoute(load: Parameters<typeof lazyPage>[0]) {
  return {
    path: '/page',
    hydrateFallbackElement: <p>Loading</p>,
    errorElement: <RouteErrorShown />,
    lazy: lazyPage(load),
  };
}

function ThePage() {
  return <h1>The page</h1>;
}

/** A page chunk that fails to arrive `failures` times (the proxy down), then loads. */
function flakyChunk(failures: number) {
  const chunk = { attempts: 0 };
  const load = () => {
    chunk.attempts += 1;
    if (chunk.attempts <= failures) {
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    }
    return Promise.resolve({ default: ThePage });
  };
  return { chunk, load };
}

describe('A page whose chunk failed to load', () => {
  it('loads it again on "Try again", and keeps it for later visits', async () => {
    const { chunk, load } = flakyChunk(2);
    // The proxy is down too (no health answer), so the page stays put rather than reloading.
    const api = fakeApi({});
    const { user, router } = renderRoutes([pageRoute(load)], '/page');
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    // Still down: the offer stays, and nothing else pretends to be the page.
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeEnabled();
    expect(screen.getByText('This page did not load')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'The page' })).toBeInTheDocument();
    expect(chunk.attempts).toBe(3);
    expect(api.calls.map((call) => call.path)).toEqual(['/api/health']);
    await router.navigate('/elsewhere');
    await router.navigate('/page');
    expect(await screen.findByRole('heading', { name: 'The page' })).toBeInTheDocument();
    expect(chunk.attempts).toBe(3);
  });

  it('shows the page at once when its chunk loads the first time', async () => {
    const { chunk, load } = flakyChunk(0);
    renderRoutes([pageRoute(load)], '/page');
    expect(await screen.findByRole('heading', { name: 'The page' })).toBeInTheDocument();
    expect(screen.queryByText('This page did not load')).not.toBeInTheDocument();
    expect(chunk.attempts).toBe(1);
  });

  it.each([
    'Failed to fetch dynamically imported module: https://console.example/assets/users-1a2b.js',
    'Importing a module script failed.',
    'error loading dynamically imported module: https://console.example/assets/users-1a2b.js',
  ])('offers to load it again when the browser says "%s"', async (message) => {
    renderRoutes([pageRoute(() => Promise.reject(new TypeError(message)))], '/page');
    expect(await screen.findByText('This page did not load')).toBeInTheDocument();
  });

  it('leaves an error inside the chunk to the route error element, not blamed on the network', async () => {
    const load = () => Promise.reject(new ReferenceError('usersTable is not defined'));
    renderRoutes([pageRoute(load)], '/page');
    expect(await screen.findByText('Route error: usersTable is not defined')).toBeInTheDocument();
    expect(screen.queryByText('This page did not load')).not.toBeInTheDocument();
  });

  it('hands the route error element an error that the chunk, once fetched on "Try again", throws', async () => {
    let attempts = 0;
    const load = () => {
      attempts += 1;
      return Promise.reject(
        attempts === 1
          ? new TypeError('Failed to fetch dynamically imported module')
          : new SyntaxError('Unexpected token'),
      );
    };
    const { user } = renderRoutes([pageRoute(load)], '/page');
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Route error: Unexpected token')).toBeInTheDocument();
  });
});
