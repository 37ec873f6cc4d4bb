import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { data } from 'react-router';
import { fakeApi } from '../../testing/fake-api';
import { aStatus } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';
import { RouteError } from './route-error';

describe('A page that crashed', () => {
  it('says so, and "Try again" draws the page afresh once the cause has gone', async () => {
    fakeApi({ 'GET /api/status': aStatus() });
    const trouble = { active: true };
    function FragilePage() {
      if (trouble.active) throw new Error('The data was not what the page expected');
      return <h1>Recovered</h1>;
    }
    const { user } = renderRoutes(
      [{ path: '/page', element: <FragilePage />, errorElement: <RouteError /> }],
      '/page',
    );
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(document.title).toBe('Something went wrong · Partition Console');
    // Trying while the cause is still there: the same answer, not a blank page.
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    trouble.active = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Recovered' })).toBeInTheDocument();
  });

  it('offers no "Try again" when there is no page at the address', async () => {
    fakeApi({ 'GET /api/status': aStatus() });
    const noSuchPage = () => {
      // React Router's own way for a loader to answer 404.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw data('No such page', { status: 404 });
    };
    renderRoutes([{ path: '/page', loader: noSuchPage, errorElement: <RouteError /> }], '/page');
    expect(await screen.findByText('Page not found')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });
});
