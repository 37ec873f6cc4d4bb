// Route patterns and href builders: the e2e suite relies on these URLs, so change them only on purpose.
export const paths = {
  home: '/',
  partitions: '/partitions',
  leadNew: '/leads/new',
  leadLookup: '/leads',
  leadDetail: '/leads/:id',
} as const;

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
