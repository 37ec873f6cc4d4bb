import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { aStatus } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { AppShell } from './app-shell';

function renderShell() {
  fakeApi({ 'GET /api/status': aStatus() });
  return renderPage(
    <AppShell>
      <h1>Some page</h1>
      <button type="button">Page action</button>
    </AppShell>,
  );
}

/** A window as narrow as a phone: every `max-width` query matches, every `min-width` one does not. */
function phoneWidth() {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query.includes('max-width'),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }));
}

describe('App shell', () => {
  it('offers "Skip to content" at the first Tab, and it takes focus to the page', async () => {
    const { user } = renderShell();
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip).toHaveFocus();
    await user.click(skip);
    expect(screen.getByRole('main')).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Page action' })).toHaveFocus();
  });

  it('keeps the menu beside the page on a wide window', async () => {
    renderShell();
    expect(await screen.findByText('Instance: 123-ABC-456')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open menu' })).not.toBeInTheDocument();
  });

  it('on a phone, keeps Sign out in the top bar and opens the menu from a button, closing it on a choice', async () => {
    phoneWidth();
    const { user } = renderShell();
    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(within(banner).queryByText('ana@example.com · Editor')).not.toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    const menuButton = within(banner).getByRole('button', { name: 'Open menu' });
    expect(menuButton).toHaveAttribute('aria-expanded', 'false');
    await user.click(menuButton);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByText('ana@example.com · Editor')).toBeInTheDocument();
    expect(await screen.findByText('Instance: 123-ABC-456')).toBeInTheDocument();
    await user.click(within(nav).getByRole('link', { name: 'Look up' }));
    expect(screen.getByText('Elsewhere')).toBeInTheDocument();
  });
});
