import { GraphQLError } from 'graphql';

/** The paging arguments every Shopify connection field takes. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** An item with its place in the sort: the sort key's value, then the numeric id to break ties. */
export interface Sorted<T> {
  node: T;
  id: number;
  value: number | string;
}

/** A Relay connection as Shopify serves it. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

type Position = Pick<Sorted<unknown>, 'id' | 'value'>;

// Shopify's cursors are base64 JSON of the last row's id and sort value.
const encodeCursor = ({ id, value }: Position) =>
  Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');

function decodeCursor(cursor: string, sample: Position | undefined): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    const sameKind = sample === undefined || typeof parsed.last_value === typeof sample.value;
    if (typeof parsed.last_id === 'number' && (typeof parsed.last_value === 'number' || typeof parsed.last_value === 'string') && sameKind) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('Invalid cursor for current pagination sort.');
}

const compare = (a: Position, b: Position) =>
  a.value < b.value ? -1 : a.value > b.value ? 1 : a.id - b.id;

/** Sorts, windows and pages a list the way Shopify's connections do (first/after, last/before, reverse). */
export function connection<T>(items: readonly Sorted<T>[], args: ConnectionArgs): Connection<T> {
  if (args.first == null && args.last == null) throw new GraphQLError('you must provide one of first or last');
  const direction = args.reverse ? -1 : 1;
  const sorted = [...items].sort((a, b) => direction * compare(a, b));
  let start = 0;
  let end = sorted.length;
  if (args.after) {
    const after = decodeCursor(args.after, sorted[0]);
    const index = sorted.findIndex((item) => direction * compare(item, after) > 0);
    start = index < 0 ? sorted.length : index;
  }
  if (args.before) {
    const before = decodeCursor(args.before, sorted[0]);
    const index = sorted.findIndex((item) => direction * compare(item, before) >= 0);
    end = Math.max(start, index < 0 ? sorted.length : index);
  }
  if (args.first != null) end = Math.min(end, start + Math.max(0, args.first));
  if (args.last != null) start = Math.max(start, end - Math.max(0, args.last));
  const page = sorted.slice(start, end);
  // Cursors are worked out when read: most queries ask for few of them (a page's end cursor, none per line item).
  const edges = page.map((item) => ({ get cursor() { return encodeCursor(item); }, node: item.node }));
  const first = page[0];
  const last = page.at(-1);
  return {
    edges,
    get nodes() { return page.map((item) => item.node); },
    pageInfo: {
      hasNextPage: end < sorted.length,
      hasPreviousPage: start > 0,
      get startCursor() { return first ? encodeCursor(first) : null; },
      get endCursor() { return last ? encodeCursor(last) : null; },
    },
  };
}
