/** The two media types a GraphQL answer comes in (GraphQL over HTTP). */
export type GraphQLMediaType = 'application/json' | 'application/graphql-response+json';

/** The media type an answer is sent in, and whether the client named it (`named`) or only a wildcard or nothing let it. */
export interface GraphQLMediaChoice {
  mediaType: GraphQLMediaType;
  /** The Accept header names this type itself; false when the header is absent or only `*\/*`, `application/*` match. */
  named: boolean;
}

// Apollo Server's order of preference on a tie: it is the server that picks the content type of every answer it
// formats itself (context and request-shape errors), so the gateway's choice must be the same.
const CANDIDATES: readonly GraphQLMediaType[] = ['application/json', 'application/graphql-response+json'];

interface MediaRange { type: string; subtype: string; q: number; order: number }

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part, order) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return Number.isFinite(q) ? [{ type, subtype, q, order }] : [];
  });
}

/**
 * Picks the media type of a GraphQL answer from the request's Accept header, as Apollo Server's negotiation does
 * (the most specific matching range gives a type its q; higher q wins, then the more specific match, then the range
 * listed first): absent, `application/json`, not named. `null` when neither type is acceptable (Apollo answers 406).
 */
export function chooseGraphQLMediaType(accept: string | undefined): GraphQLMediaChoice | null {
  if (accept === undefined || accept.trim() === '') return { mediaType: 'application/json', named: false };
  const ranges = parseAccept(accept);
  const ranked = CANDIDATES.flatMap((mediaType, index) => {
    const [type, subtype] = mediaType.split('/');
    const matches = ranges
      .filter((r) => (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype))
      .map((r) => ({ ...r, specificity: (r.type === type ? 1 : 0) + (r.subtype === subtype ? 1 : 0) }))
      .sort((a, b) => b.specificity - a.specificity || b.q - a.q || a.order - b.order);
    const best = matches[0];
    return best && best.q > 0 ? [{ mediaType, index, ...best }] : [];
  });
  ranked.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  const chosen = ranked[0];
  return chosen ? { mediaType: chosen.mediaType, named: chosen.specificity === 2 } : null;
}
