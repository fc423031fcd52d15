/** The quality a media type gets in an `Accept` header: the most specific range that covers it wins (RFC 9110 §12.5.1). */
function quality(ranges: { type: string; q: number }[], mediaType: string): number {
  const [major] = mediaType.split('/');
  const exact = ranges.find((r) => r.type === mediaType);
  if (exact) return exact.q;
  const partial = ranges.find((r) => r.type === `${major}/*`);
  if (partial) return partial.q;
  return ranges.find((r) => r.type === '*/*')?.q ?? 0;
}

/**
 * Determines if a request's `Accept` header asks for a web page over a GraphQL answer: `text/html` named, and
 * preferred to `application/json` and `application/graphql-response+json` (a browser's navigation, not a client).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
  });
  if (!ranges.some((r) => r.type === 'text/html' && r.q > 0)) return false;
  const html = quality(ranges, 'text/html');
  return html > quality(ranges, 'application/json') && html > quality(ranges, 'application/graphql-response+json');
}
