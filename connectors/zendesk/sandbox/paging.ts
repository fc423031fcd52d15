import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { invalidPagination } from './answers.js';
import { isAnswer, linkTo, queryParam, sendAnswer } from './routing.js';

/** The most records one page holds (`per_page`, `page[size]`). */
export const MAX_PAGE_SIZE = 100;
/** Offset pagination stops at this depth on list endpoints (400 beyond it). */
export const MAX_OFFSET_RECORDS = 10_000;

const POSITIVE = /^[1-9]\d{0,8}$/;

/** An offset page request. */
export interface OffsetWindow {
  page: number;
  perPage: number;
}

/** Reads `page` and `per_page` (over 100 is cut to 100); `tooDeep` answers requests past `maxRecords`. */
export function readOffsetWindow(
  request: FastifyRequest,
  maxRecords = MAX_OFFSET_RECORDS,
  tooDeep: () => VendorAnswer = () => invalidPagination(`offset pagination is limited to the first ${maxRecords} records: use cursor pagination`),
): OffsetWindow | VendorAnswer {
  const page = queryParam(request, 'page') ?? '1';
  const perPage = queryParam(request, 'per_page') ?? String(MAX_PAGE_SIZE);
  if (!POSITIVE.test(page) || !POSITIVE.test(perPage)) return invalidPagination('page and per_page must be positive integers');
  const window = { page: Number(page), perPage: Math.min(MAX_PAGE_SIZE, Number(perPage)) };
  return window.page * window.perPage > maxRecords ? tooDeep() : window;
}

/** One offset page of `items`: the slice, `next_page` / `previous_page` links and the total `count`. */
export function offsetPage<T>(request: FastifyRequest, items: readonly T[], { page, perPage }: OffsetWindow) {
  const start = (page - 1) * perPage;
  return {
    slice: items.slice(start, start + perPage),
    next_page: start + perPage < items.length ? linkTo(request, { page: String(page + 1), per_page: String(perPage) }) : null,
    previous_page: page > 1 ? linkTo(request, { page: String(page - 1), per_page: String(perPage) }) : null,
    count: items.length,
  };
}

/** A cursor page request: `page[size]` with `page[after]` or `page[before]` (decoded to an id). */
export interface CursorWindow {
  size: number;
  after?: number;
  before?: number;
}

/** Zendesk-style opaque cursor around an id: base64 of `{"o":"id","v":…}`. */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: Number(id) })).toString('base64');
}

function decodeCursor(cursor: string): number | undefined {
  try {
    const value = (JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { v?: unknown }).v;
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads cursor parameters; null when `page[size]` is absent (the endpoint then pages by offset). */
export function readCursorWindow(request: FastifyRequest): CursorWindow | VendorAnswer | null {
  const size = queryParam(request, 'page[size]');
  if (size === undefined) return null;
  if (!POSITIVE.test(size) || Number(size) > MAX_PAGE_SIZE) return invalidPagination(`page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const window: CursorWindow = { size: Number(size) };
  for (const side of ['after', 'before'] as const) {
    const cursor = queryParam(request, `page[${side}]`);
    if (cursor === undefined) continue;
    const id = decodeCursor(cursor);
    if (id === undefined) return invalidPagination(`page[${side}] is not a valid cursor`);
    window[side] = id;
  }
  return window;
}

/** One cursor page of `items` (in ascending id order): the slice, `meta` and `links` as Zendesk sends them. */
export function cursorPage<T extends { id: string }>(request: FastifyRequest, items: readonly T[], { size, after, before }: CursorWindow) {
  const older = before === undefined ? items : items.filter((item) => Number(item.id) < before);
  const newer = after === undefined ? older : older.filter((item) => Number(item.id) > after);
  const slice = before === undefined ? newer.slice(0, size) : newer.slice(Math.max(0, newer.length - size));
  // Towards the end when paging forwards, towards the start when paging backwards.
  const hasMore = newer.length > slice.length;
  const first = slice[0];
  const last = slice[slice.length - 1];
  const afterCursor = last ? encodeCursor(last.id) : null;
  const beforeCursor = first ? encodeCursor(first.id) : null;
  const link = (side: 'after' | 'before', cursor: string | null) =>
    cursor === null ? null : linkTo(request, { 'page[size]': String(size), 'page[after]': undefined, 'page[before]': undefined, [`page[${side}]`]: cursor });
  return {
    slice,
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    links: { next: hasMore || before !== undefined ? link('after', afterCursor) : null, prev: link('before', beforeCursor) },
  };
}

/**
 * Answers a list endpoint: cursor pagination when `page[size]` is given, offset pagination otherwise,
 * with the records under `key` (e.g. `users`, `tickets`) serialised by `toJson`, and the sideloads `sideload` makes
 * of the page's records (top-level arrays beside them, as `include=` adds them).
 */
export async function sendList<T extends { id: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  items: readonly T[],
  toJson: (item: T) => unknown,
  sideload: (slice: readonly T[]) => Record<string, unknown[]> = () => ({}),
): Promise<FastifyReply> {
  const cursor = readCursorWindow(request);
  if (isAnswer(cursor)) return sendAnswer(reply, cursor);
  if (cursor !== null) {
    const { slice, meta, links } = cursorPage(request, items, cursor);
    return reply.send({ [key]: slice.map(toJson), ...sideload(slice), meta, links });
  }
  const window = readOffsetWindow(request);
  if (isAnswer(window)) return sendAnswer(reply, window);
  const { slice, ...page } = offsetPage(request, items, window);
  return reply.send({ [key]: slice.map(toJson), ...sideload(slice), ...page });
}
