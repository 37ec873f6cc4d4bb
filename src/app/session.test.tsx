import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../server/contract/access';
import type { SessionResponse } from '../../server/contract/access';
import { partitionQueries } from '../api/partitions';
import { ErrorReply, fakeApi } from '../testing/fake-api';
import type { Handlers } from '../testing/fake-api';
import { aLead, aSession, aStatus, partitions } from '../testing/fixtures';
import { createTestQueryClient, renderRoutes } from '../testing/render';
import type { SessionOption } from '../testing/render';
import { routes } from './router';

const signedOut = new ErrorReply(401, { code: 'unauthenticated', message: 'Sign in first' });

function renderApp(
  url: string,
  session: SessionOption,
  handlers: Handlers = {},
  queryClient = createTestQueryClient(),
) {
  const api = fakeApi({
    'GET /api/status': aStatus(),
    'GET /api/partitions': { partitions },
    'GET /api/fields': { fields: [] },
    ...handlers,
  });
  return { ...renderRoutes(routes, url, { session, queryClient }), api };
}

async function signIn(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Email'), ' Ana@Example.com ');
  await user.type(screen.getByLabelText('Password'), 'correct horse battery');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Signing in', () => {
  it('reads the session at start, sends a signed-out user to sign in, then back where they were going', async () => {
    let session: SessionResponse | null = null;
    const { api, user, router } = renderApp('/leads/318816', 'from-api', {
      'GET /api/session': () => session ?? signedOut,
      'POST /api/session': () => (session = aSession('editor')),
      'GET /api/leads/:id': { lead: aLead() },
    });
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Fleads%2F318816');
    // Never signed in on this visit: nothing ended, so nothing to explain.
    expect(screen.queryByText(/Your session has ended/)).not.toBeInTheDocument();
    await signIn(user);
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/leads/318816');
    const post = api.calls.find((call) => call.method === 'POST' && call.path === '/api/session');
    // The contract's schema trims and lower-cases the email; sign-in carries no CSRF token (there is none yet).
    expect(post?.body).toEqual({ email: 'ana@example.com', password: 'correct horse battery' });
    expect(post?.headers.has(CSRF_HEADER)).toBe(false);
    expect(api.calls.filter((call) => call.method === 'GET' && call.path === '/api/session')).toHaveLength(1);
  });

  it('greets a first visit with the plain sign-in page, though every call answers 401 as the proxy does', async () => {
    const { router } = renderApp('/partitions', 'from-api', {
      'GET /api/session': signedOut,
      'GET /api/status': signedOut,
      'GET /api/partitions': signedOut,
    });
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?next=%2Fpartitions');
    expect(screen.queryByText(/Your session has ended/)).not.toBeInTheDocument();
    expect(document.title).toBe('Sign in · Partition Console');
  });

  it('says so when the email or password is wrong, and keeps the button usable again', async () => {
    const { user, router } = renderApp('/sign-in', 'from-api', {
      'POST /api/session': new ErrorReply(401, {
        code: 'unauthenticated',
        message: 'Email or password is wrong',
      }),
    });
    await signIn(user);
    expect(await screen.findByText('Email or password is wrong.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('disables the button while signing in, and tells when to try again after too many attempts', async () => {
    const retryAt = '2026-11-29T19:45:00.000Z';
    let answer: (reply: ErrorReply) => void = () => {};
    const { user } = renderApp('/sign-in', 'from-api', {
      'POST /api/session': () => new Promise<ErrorReply>((resolve) => (answer = resolve)),
    });
    await signIn(user);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled());
    answer(new ErrorReply(429, { code: 'rate_limited', message: 'Too many attempts', retryAt }));
    const clock = new Date(retryAt).toLocaleTimeString(undefined, {
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    expect(await screen.findByText(`Too many attempts. Try again after ${clock}.`)).toBeInTheDocument();
  });

  it('goes home rather than to another site after signing in', async () => {
    const { user, router } = renderApp('/sign-in?next=//evil.example/x', 'from-api', {
      'POST /api/session': aSession('viewer'),
    });
    await signIn(user);
    expect(await screen.findByRole('heading', { name: 'Partitions', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/partitions');
  });

  it('sends a user who is already signed in on to `next`, or to the partitions, instead of the form', async () => {
    const { router } = renderApp('/sign-in?next=%2Fleads%2F318816', aSession('editor'), {
      'GET /api/leads/:id': { lead: aLead() },
    });
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/leads/318816');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    await router.navigate('/sign-in?next=//evil.example/x');
    expect(await screen.findByRole('heading', { name: 'Partitions', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/partitions');
  });

  it('stays on sign-in after signing out, even while the session is still cached during the call', async () => {
    let answer: () => void = () => {};
    const { user, router } = renderApp('/partitions', aSession('editor'), {
      'DELETE /api/session': () => new Promise<undefined>((resolve) => (answer = () => resolve(undefined))),
    });
    await screen.findByRole('grid', { name: 'Partitions' });
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    answer();
    await waitFor(() => expect(screen.getByLabelText('Password')).toBeInTheDocument());
    expect(router.state.location.pathname).toBe('/sign-in');
  });
});

describe('A session in use', () => {
  it('sends the CSRF token from the session on writes and only on writes', async () => {
    const { api, user } = renderApp('/leads/new?partition=Mexico', 'from-api', {
      'GET /api/session': { ...aSession('editor'), csrfToken: 'token-from-server' },
      'POST /api/leads': { results: [{ index: 0, id: 5, status: 'created' }] },
    });
    await user.type(await screen.findByLabelText('Email'), 'bea@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Created')).toBeInTheDocument();
    const post = api.calls.find((call) => call.method === 'POST' && call.path === '/api/leads');
    expect(post?.headers.get(CSRF_HEADER)).toBe('token-from-server');
    const reads = api.calls.filter((call) => call.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((call) => !call.headers.has(CSRF_HEADER))).toBe(true);
  });

  it('sends the user to sign in, forgetting what was loaded, when any call answers 401', async () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(partitionQueries.list().queryKey, partitions);
    const { router } = renderApp(
      '/leads/318816',
      aSession('editor'),
      { 'GET /api/leads/:id': signedOut },
      queryClient,
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe('?next=%2Fleads%2F318816&reason=expired');
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your session has ended. Sign in again to carry on.',
    );
    expect(queryClient.getQueryData(partitionQueries.list().queryKey)).toBeUndefined();
  });

  it('shows who is signed in, and signs out: ends the session, forgets the data, goes to sign in', async () => {
    const { api, user, router, queryClient } = renderApp('/partitions', aSession('editor'), {
      'DELETE /api/session': undefined,
    });
    // After the page's chunk: until then the shell on screen is the loading placeholder's.
    await screen.findByRole('grid', { name: 'Partitions' });
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Ana López')).toBeInTheDocument();
    expect(within(banner).getByText('ana@example.com · Editor')).toBeInTheDocument();
    await user.click(within(banner).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('');
    await waitFor(() => expect(api.calls.some((call) => call.method === 'DELETE')).toBe(true));
    expect(api.calls.find((call) => call.method === 'DELETE')?.headers.get(CSRF_HEADER)).toBe('csrf-editor');
    await waitFor(() => expect(queryClient.getQueryData(partitionQueries.list().queryKey)).toBeUndefined());
  });
});
