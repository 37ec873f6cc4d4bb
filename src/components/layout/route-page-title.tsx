import { useMatches } from 'react-router';
import { hasPageTitle, usePageTitle } from './page-title';
import type { PageTitle } from './page-title';

/** Names the tab after the deepest matching route whose `handle` has a title (see router.tsx). */
export function RoutePageTitle() {
  const matches = useMatches();
  const match = matches.findLast((candidate) => hasPageTitle(candidate.handle));
  let title: PageTitle | undefined;
  if (match && hasPageTitle(match.handle)) {
    const { title: named } = match.handle;
    title = typeof named === 'function' ? named(match.params) : named;
  }
  usePageTitle(title);
  return null;
}
