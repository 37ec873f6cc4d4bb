import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/router';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import type { Handlers } from '../../testing/fake-api';
import { aSession, aStatus, partitions } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';

const signedOut = new ErrorReply(401, { code: 'unauthenticated', message: 'Sign in first' });
const okta = { displayName: 'Okta', accessContact: 'it-help@example.com' };

function renderSignIn(url: string, handlers: Handlers) {
  const api = fakeApi({
    'GET /api/session': signedOut,
    'GET /api/status': aStatus(),
    'GET /api/partitions': { partitions },
    'GET /api/fields': { fields: [] },
    ...handlers,
  });
  return { ...renderRoutes(routes, url, { session: 'from-api' }), api };
}

describe('Sign-in page with single sign-on', () => {
  it('offers "Sign in with <provider>", coming back to where the user was going', async () => {
    renderSignIn('/sign-in?next=%2Fpartitions', {
      'GET /api/session/oidc/options': { oidc: okta, passwordSignIn: true },
    });
    const link = await screen.findByRole('link', { name: 'Sign in with Okta' });
    expect(link).toHaveAttribute('href', '/api/session/oidc/login?returnTo=%2Fpartitions');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('says why a user with no mapped group was refused, and whom to ask', async () => {
    renderSignIn('/sign-in?sso_error=no-group', {
      'GET /api/session/oidc/options': { oidc: okta, passwordSignIn: true },
    });
    const alert = await screen.findByRole('alert');
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        'none of your groups gives access to the Partition Console. Ask it-help@example.com to add you',
      ),
    );
  });

  it('folds the password form away for the break-glass admin when password sign-in is off', async () => {
    const { user } = renderSignIn('/sign-in', {
      'GET /api/session/oidc/options': { oidc: okta, passwordSignIn: false },
    });
    const unfold = await screen.findByRole('button', { name: 'Administrator sign-in with a password' });
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    await user.click(unfold);
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('keeps the plain password form when the console has no single sign-on, or cannot say', async () => {
    renderSignIn('/sign-in?sso_error=made-up', {});
    expect(await screen.findByLabelText('Password')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('Signing out as a single sign-on user', () => {
  it('asks for the provider’s end-session URL before ending the console session', async () => {
    const { api, user } = (() => {
      const handlers: Handlers = {
        'GET /api/status': aStatus(),
        'GET /api/partitions': { partitions },
        'GET /api/session/oidc/sign-out': { endSessionUrl: '/signed-out-at-provider' },
        'DELETE /api/session': undefined,
      };
      const fake = fakeApi(handlers);
      return {
        ...renderRoutes(routes, '/partitions', { session: aSession('viewer', { ssoManaged: true }) }),
        api: fake,
      };
    })();
    await user.click(within(await screen.findByRole('banner')).getByRole('button', { name: 'Sign out' }));
    await waitFor(() =>
      expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual(
        expect.arrayContaining(['GET /api/session/oidc/sign-out', 'DELETE /api/session']),
      ),
    );
    const order = api.calls.map((call) => `${call.method} ${call.path}`);
    expect(order.indexOf('GET /api/session/oidc/sign-out')).toBeLessThan(
      order.indexOf('DELETE /api/session'),
    );
  });
});
