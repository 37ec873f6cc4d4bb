import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionQueries } from '../api/session';
import { AppProvider } from '../app/provider';
import { AccountSummary } from '../components/layout/account-summary';
import { aSession } from '../testing/fixtures';
import { createTestQueryClient } from '../testing/render';
import { matchLocale } from './locales';

// Rendered without a fixed language, as the app is: the browser's (jsdom says en-US), then the user's choice.
function renderSignedIn(userId: number) {
  const queryClient = createTestQueryClient();
  const signOut = () =>
    act(async () => {
      queryClient.setQueryData(sessionQueries.current().queryKey, null);
      await Promise.resolve();
    });
  queryClient.setQueryData(sessionQueries.current().queryKey, aSession('editor', { id: userId }));
  const router = createMemoryRouter([{ path: '/', element: <AccountSummary /> }]);
  render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { signOut };
}

describe('Choosing the language', () => {
  afterEach(() => localStorage.clear());

  it('matches the browser: any Spanish is Mexico’s, any French Canada’s, nothing we speak is English', () => {
    expect(matchLocale(['es-ES', 'en'])).toBe('es-MX');
    expect(matchLocale(['fr-FR'])).toBe('fr-CA');
    expect(matchLocale(['de-DE', 'fr-BE'])).toBe('fr-CA');
    expect(matchLocale(['de-DE'])).toBe('en');
    expect(matchLocale(['en-GB', 'es-MX'])).toBe('en');
  });

  it('switches from the account menu, sets <html lang>, and remembers the choice for that user only', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(7);
    await user.click(screen.getByRole('button', { name: 'Language: English' }));
    await user.click(screen.getByRole('menuitem', { name: 'Español (México)' }));
    expect(await screen.findByRole('button', { name: 'Cerrar sesión' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es-MX');
    expect(localStorage.getItem('partition-console.locale.7')).toBe('es-MX');
  });

  it('starts in the language the user chose before', async () => {
    localStorage.setItem('partition-console.locale.7', 'fr-CA');
    renderSignedIn(7);
    expect(await screen.findByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();
  });

  it('keeps speaking the language of who just signed out in this tab, for the sign-in page', async () => {
    localStorage.setItem('partition-console.locale.7', 'fr-CA');
    const { signOut } = renderSignedIn(7);
    expect(await screen.findByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();
    await signOut();
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Se déconnecter' })).not.toBeInTheDocument();
    });
    expect(document.documentElement.lang).toBe('fr-CA');
  });

  it('gives another user of the same browser the browser’s language', () => {
    localStorage.setItem('partition-console.locale.7', 'fr-CA');
    renderSignedIn(8);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });
});
