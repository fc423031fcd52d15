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

// Shopify's cursors are base64 JSON of the last row's id and sort value. An item's place never changes, so its
// cursor is encoded once: kept lists (a customer's orders, an order's line items) ask for the same ones every page.
const cursors = new WeakMap<Position, string>();
function encodeCursor(item: Position): string {
  let cursor = cursors.get(item);
  if (cursor === undefined) cursors.set(item, (cursor = Buffer.from(JSON.stringify({ last_id: item.id, last_value: item.value })).toString('base64')));
  return cursor;
}

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

// A list the store keeps (its items never change) is sorted once per direction; a fresh list is sorted per call.
const sortings = new WeakMap<readonly Sorted<unknown>[], Map<number, readonly Sorted<unknown>[]>>();
function sortedOnce<T>(items: readonly Sorted<T>[], direction: number): readonly Sorted<T>[] {
  let byDirection = sortings.get(items);
  const known = byDirection?.get(direction);
  if (known) return known as readonly Sorted<T>[];
  const sorted = [...items].sort((a, b) => direction * compare(a, b));
  if (Object.isFrozen(items)) {
    if (!byDirection) sortings.set(items, (byDirection = new Map()));
    byDirection.set(direction, sorted);
  }
  return sorted;
}

/** Sorts, windows and pages a list the way Shopify's connections do (first/after, last/before, reverse). */
export function connection<T>(items: readonly Sorted<T>[], args: ConnectionArgs): Connection<T> {
  if (args.first == null && args.last == null) throw new GraphQLError('you must provide one of first or last');
  const direction = args.reverse ? -1 : 1;
  const sorted = sortedOnce(items, direction);
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
