import { useMatches } from 'react-router';
import { hasPageTitle, usePageTitle } from './page-title';

/** Names the tab after the deepest matching route whose `handle` has a title (see router.tsx). */
export function RoutePageTitle() {
  const matches = useMatches();
  const match = matches.findLast((candidate) => hasPageTitle(candidate.handle));
  const title = match && hasPageTitle(match.handle) ? match.handle.title : undefined;
  usePageTitle(typeof title === 'function' && match ? title(match.params) : title);
  return null;
}
