// RFC 3986 §5.2.4 "remove_dot_segments", as nginx applies it before routing: `/rest/../bulk/v1/x.json` is
// `/bulk/v1/x.json` (node-marketo builds its bulk URLs that way, docs/marketo-api-additions.md §16.4). Empty segments are
// kept, so `//rest/...` still reaches the REST gate as it is (§14.16).

/** The path without `.` and `..` segments, or undefined when `..` climbs above the root (nginx answers 400). */
export function removeDotSegments(path: string): string | undefined {
  const segments = path.split('/');
  const out: string[] = [];
  // The first segment is the empty string before the leading slash.
  for (let i = 1; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (segment === '.') {
      if (last) out.push('');
      continue;
    }
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}
