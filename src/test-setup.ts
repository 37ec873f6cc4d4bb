import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// jsdom has no matchMedia; MUI asks it for the OS colour scheme.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }),
});

// jsdom does not scroll; the router's ScrollRestoration asks it to on every navigation.
Object.defineProperty(window, 'scrollTo', { writable: true, value: () => {} });

// MUI in jsdom is heavy, and these two cores are shared with the server suite.
vi.setConfig({ testTimeout: 20_000 });
// Lazy routes import their chunk on first use (the DataGrid's takes seconds to transform on a cold run).
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
