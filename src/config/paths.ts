// Route patterns and href builders: the e2e suite relies on these URLs, so change them only on purpose.
export const paths = {
  home: '/',
  partitions: '/partitions',
  leadNew: '/leads/new',
  leadLookup: '/leads',
  leadDetail: '/leads/:id',
  signIn: '/sign-in',
  users: '/admin/users',
  activity: '/activity',
  imports: '/imports',
  importJob: '/imports/:id',
  moves: '/moves',
  moveJob: '/moves/:id',
} as const;

/** Why the user is sent to sign in, when the page should say so: `expired` = the session ended mid-use. */
export type SignInReason = 'expired';

/** The sign-in page, coming back to `next` (a path inside this app) afterwards. */
export function signInHref(next?: string, reason?: SignInReason): string {
  const safe = next === undefined ? undefined : safeNextPath(next);
  const search = new URLSearchParams();
  if (safe && safe !== paths.home) search.set('next', safe);
  if (reason) search.set('reason', reason);
  const query = search.toString();
  return query ? `${paths.signIn}?${query}` : paths.signIn;
}

/**
 * Router state for the navigation that signs out: the sign-in page signs out on arrival, and while that call runs
 * the session stays cached, which the page must not take for a signed-in user to send back.
 */
export const signingOutState = { signingOut: true } as const;

export function isSigningOut(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'signingOut' in state && state.signingOut === true;
}

// Any host will do: `next` is resolved against it only to see whether it stays on it.
const APP_BASE = 'http://app.invalid';

/**
 * Where to go after signing in: only a path of this app, so a crafted link cannot send the user to another site.
 * Resolved the way the browser will (`/\evil.example` and `/<tab>/evil.example` both mean `//evil.example`).
 */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/')) return paths.home;
  const url = new URL(next, APP_BASE);
  if (url.origin !== APP_BASE || url.pathname === paths.signIn) return paths.home;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function newLeadHref(options: { partition?: string } = {}): string {
  const search = new URLSearchParams();
  if (options.partition) search.set('partition', options.partition);
  const query = search.toString();
  return query ? `${paths.leadNew}?${query}` : paths.leadNew;
}

export function editLeadHref(id: number): string {
  return `${paths.leadNew}?${new URLSearchParams({ mode: 'update', id: String(id) }).toString()}`;
}

export function leadHref(id: number): string {
  return `${paths.leadLookup}/${id}`;
}

export function leadSearchHref(email: string): string {
  return `${paths.leadLookup}?${new URLSearchParams({ email }).toString()}`;
}

/** The import page, with a partition chosen in advance when given. */
export function importHref(options: { partition?: string } = {}): string {
  const search = new URLSearchParams();
  if (options.partition) search.set('partition', options.partition);
  const query = search.toString();
  return query ? `${paths.imports}?${query}` : paths.imports;
}

export function importJobHref(id: string): string {
  return `${paths.imports}/${encodeURIComponent(id)}`;
}

export function moveJobHref(id: string): string {
  return `${paths.moves}/${encodeURIComponent(id)}`;
}
