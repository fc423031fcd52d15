import { describe, expect, it } from 'vitest';
import { SourceUnavailable, type Order, type Page, type Source, type Ticket } from '../../src/model/index.js';
import {
  comparePositions, decodeTimelineCursor, encodeTimelineCursor, orderEvents, readTimeline, ticketEvents, TIMELINE_EVENT_KINDS,
  type TimelineEvent, type TimelineQuery, type TimelineRecord, type TimelineStream,
} from '../../src/timeline/index.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function order(id: string, createdMs: number, extra: Partial<Order> = {}): Order {
  return {
    provenance: { source: 'ECOMMERCE', system: 'shopify', recordId: id, fetchedAt: iso(T0), updatedAt: null },
    customerRecordId: 'c1', name: id, createdAt: iso(createdMs), financialStatus: 'PAID', fulfillmentStatus: null, cancelledAt: null,
    total: { minor: 1000, currency: 'EUR' }, refunded: null, refunds: null, lineItems: [], ...extra,
  } as Order;
}

function ticket(id: string, createdMs: number, solvedMs: number | null): Ticket {
  return {
    provenance: { source: 'SUPPORT', system: 'zendesk', recordId: id, fetchedAt: iso(T0), updatedAt: null },
    requesterRecordId: 'u1', subject: 's', description: 'd', status: solvedMs ? 'SOLVED' : 'OPEN', priority: null, channel: null,
    createdAt: iso(createdMs), updatedAt: null, satisfaction: null, firstReplyMinutes: null, solvedAt: solvedMs ? iso(solvedMs) : null,
  } as Ticket;
}

interface MemoryStream extends TimelineStream {
  /** Records handed out over every read. */
  served: number;
  reads: number;
  records: TimelineRecord[];
}

/** A silo list in memory, newest first, applying `createdAtOrBefore` as the connectors do (or ignoring it). */
function memoryStream(source: Source, records: TimelineRecord[], options: { ignoresBound?: boolean; failsOnRead?: number } = {}): MemoryStream {
  const sorted = [...records].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const s: MemoryStream = {
    source, served: 0, reads: 0, records: sorted,
    async read({ first, createdAtOrBefore }): Promise<Page<TimelineRecord>> {
      s.reads += 1;
      if (options.failsOnRead !== undefined && s.reads >= options.failsOnRead) throw new SourceUnavailable(source, 'down');
      const under = options.ignoresBound || createdAtOrBefore === null ? sorted : sorted.filter((r) => r.createdAt <= createdAtOrBefore);
      const items = under.slice(0, first);
      s.served += items.length;
      return { items, next: under.length > first ? 'more' : null, totalCount: null };
    },
  };
  return s;
}

const orderRecord = (o: Order): TimelineRecord => ({ recordId: o.provenance.recordId, createdAt: o.createdAt, events: orderEvents(o) });
const ticketRecord = (t: Ticket): TimelineRecord => ({ recordId: t.provenance.recordId, createdAt: t.createdAt, events: ticketEvents(t) });

function query(streams: TimelineStream[], over: Partial<TimelineQuery> = {}): TimelineQuery {
  return { streams, fixed: [], gaps: [], first: 20, after: null, since: null, until: null, kinds: new Set(TIMELINE_EVENT_KINDS), lookaheadMs: 365 * DAY, window: 20, ...over };
}

/** Every page from the start, following endCursor as a client does. */
async function pageThrough(make: () => TimelineStream[], first: number, over: Partial<TimelineQuery> = {}): Promise<TimelineEvent[]> {
  const all: TimelineEvent[] = [];
  let after: TimelineQuery['after'] = null;
  for (let i = 0; i < 1000; i++) {
    const page = await readTimeline(query(make(), { ...over, first, window: first, after }));
    all.push(...page.events);
    if (!page.hasNextPage) return all;
    const last = page.events.at(-1);
    if (!last) throw new Error('a page with a next page but no events');
    after = decodeTimelineCursor('after', encodeTimelineCursor(last));
  }
  throw new Error('paging did not end');
}

const everyEvent = (streams: MemoryStream[]) => streams.flatMap((s) => s.records.flatMap((r) => r.events)).sort(comparePositions);
const ids = (events: readonly TimelineEvent[]) => events.map((e) => `${e.at} ${e.kind} ${e.recordId} ${e.key}`);

// A shop customer ordering every 3 days, some orders refunded 20 days later or cancelled the next day, and tickets.
function history(): { orders: Order[]; tickets: Ticket[] } {
  const orders = Array.from({ length: 60 }, (_, i) => {
    const created = T0 - i * 3 * DAY;
    return order(`o${i}`, created, {
      ...(i % 7 === 0 ? { refunds: [{ createdAt: iso(created + 20 * DAY), amount: { minor: 500, currency: 'EUR' } }, { createdAt: iso(created + 20 * DAY), amount: { minor: 200, currency: 'EUR' } }] } : {}),
      ...(i % 11 === 0 ? { cancelledAt: iso(created + DAY) } : {}),
    });
  });
  const tickets = Array.from({ length: 15 }, (_, i) => ticket(`${100 + i}`, T0 - i * 10 * DAY - 3600_000, i % 2 === 0 ? T0 - i * 10 * DAY + 2 * DAY : null));
  return { orders, tickets };
}

describe('readTimeline merges the silos newest first', () => {
  it('answers the newest events of every stream in time order, ties broken by kind, source, record and key', async () => {
    const { orders, tickets } = history();
    const streams = [memoryStream('ECOMMERCE', orders.map(orderRecord)), memoryStream('SUPPORT', tickets.map(ticketRecord))];
    const page = await readTimeline(query(streams));
    expect(ids(page.events)).toEqual(ids(everyEvent(streams).slice(0, 20)));
    expect(page.hasNextPage).toBe(true);
    // Two refunds of one order at one instant are two events, told apart by their key.
    const refunds = everyEvent(streams).filter((e) => e.kind === 'ORDER_REFUNDED' && e.recordId === 'o7');
    expect(refunds.map((e) => e.key)).toEqual(['r0', 'r1']);
  });

  it.each([false, true])('pages through every event exactly once, in order, with small pages (silo ignores the bound: %s)', async (ignoresBound) => {
    const { orders, tickets } = history();
    const make = () => [memoryStream('ECOMMERCE', orders.map(orderRecord), { ignoresBound }), memoryStream('SUPPORT', tickets.map(ticketRecord), { ignoresBound })];
    const paged = await pageThrough(make, 7);
    expect(ids(paged)).toEqual(ids(everyEvent(make())));
  });

  it('places a late event within the look-ahead before newer records: a refund 20 days after its order', async () => {
    const { orders } = history();
    const s = memoryStream('ECOMMERCE', orders.map(orderRecord));
    const page = await readTimeline(query([s], { first: 3, window: 3 }));
    // o0 placed at T0, cancelled a day later and refunded twice 20 days later: the refunds are the newest events.
    expect(page.events.map((e) => `${e.kind} ${e.recordId}`)).toEqual(['ORDER_REFUNDED o0', 'ORDER_REFUNDED o0', 'ORDER_CANCELLED o0']);
  });

  it('reads a 500-record list only as deep as the page and the look-ahead need', async () => {
    // An order a week for almost ten years; 20 events span 20 weeks, the look-ahead a year beyond them.
    const orders = Array.from({ length: 500 }, (_, i) => order(`o${i}`, T0 - i * 7 * DAY));
    const s = memoryStream('ECOMMERCE', orders.map(orderRecord));
    const page = await readTimeline(query([s]));
    expect(page.events).toHaveLength(20);
    const needed = 21 + Math.ceil(365 / 7);
    expect(s.served).toBeGreaterThanOrEqual(needed);
    console.info(`served ${s.served} in ${s.reads} reads`);
    expect(s.served).toBeLessThan(2 * needed + 20);
    expect(page.recordsRead).toBe(s.served);
    // A look-ahead of 0 reads just past the page.
    const tight = memoryStream('ECOMMERCE', orders.map(orderRecord));
    await readTimeline(query([tight], { lookaheadMs: 0 }));
    expect(tight.served).toBeLessThanOrEqual(21 + 40);
  });

  it('resumes strictly after the cursor, whatever was added to the silo since', async () => {
    const { orders } = history();
    const first = await readTimeline(query([memoryStream('ECOMMERCE', orders.map(orderRecord))], { first: 5, window: 5 }));
    const newer = [order('new', T0 + 90 * DAY), ...orders];
    const last = first.events.at(-1) as TimelineEvent;
    const next = await readTimeline(query([memoryStream('ECOMMERCE', newer.map(orderRecord))], { first: 5, window: 5, after: decodeTimelineCursor('after', encodeTimelineCursor(last)) }));
    const all = everyEvent([memoryStream('ECOMMERCE', orders.map(orderRecord))]);
    expect(ids(next.events)).toEqual(ids(all.slice(5, 10)));
  });
});

describe('readTimeline filters and gaps', () => {
  it('keeps only the wanted kinds and the events between since and until, and stops reading past since minus the look-ahead', async () => {
    const orders = Array.from({ length: 200 }, (_, i) => order(`o${i}`, T0 - i * 7 * DAY, i % 5 === 0 ? { cancelledAt: iso(T0 - i * 7 * DAY + DAY) } : {}));
    const s = memoryStream('ECOMMERCE', orders.map(orderRecord));
    const since = iso(T0 - 100 * DAY);
    const until = iso(T0 - 30 * DAY);
    const page = await readTimeline(query([s], { since, until, kinds: new Set(['ORDER_CANCELLED']), first: 100 }));
    const expected = everyEvent([s]).filter((e) => e.kind === 'ORDER_CANCELLED' && e.at >= since && e.at <= until);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(page.events)).toEqual(ids(expected));
    expect(page.hasNextPage).toBe(false);
    // Records created more than a year before `since` are never read.
    expect(s.served).toBeLessThan(200);
  });

  it('marks a failed stream as a gap with its source and code, and still pages the others', async () => {
    const { orders, tickets } = history();
    const shop = memoryStream('ECOMMERCE', orders.map(orderRecord), { failsOnRead: 1 });
    const desk = memoryStream('SUPPORT', tickets.map(ticketRecord));
    const page = await readTimeline(query([shop, desk], { first: 5 }));
    expect(page.gaps).toEqual([{ source: 'ECOMMERCE', code: 'SOURCE_UNAVAILABLE' }]);
    expect(ids(page.events)).toEqual(ids(everyEvent([desk]).slice(0, 5)));
  });

  it('keeps fixed events (history, consent statements) in the same order and filters', async () => {
    const { tickets } = history();
    const desk = memoryStream('SUPPORT', tickets.map(ticketRecord));
    const fixed: TimelineEvent[] = [{ at: iso(T0 + 5 * DAY), kind: 'CONSENT_CHANGED', source: 'CRM', recordId: '101', key: 'EMAIL', details: { type: 'CONSENT', channel: 'EMAIL', state: 'GRANTED', changedBy: null } }];
    const page = await readTimeline(query([desk], { fixed, first: 2 }));
    expect(page.events[0]?.kind).toBe('CONSENT_CHANGED');
    const without = await readTimeline(query([desk], { fixed, first: 2, kinds: new Set(['TICKET_OPENED', 'TICKET_SOLVED']) }));
    expect(without.events.map((e) => e.kind)).not.toContain('CONSENT_CHANGED');
  });
});

describe('timeline cursors', () => {
  it('round-trip an event position', () => {
    const p = { at: '2026-01-01T00:00:00.000Z', kind: 'ORDER_REFUNDED', source: 'ECOMMERCE', recordId: 'gid://shopify/Order/1', key: 'r1' } as const;
    expect(decodeTimelineCursor('after', encodeTimelineCursor(p))).toEqual(p);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('o12').toString('base64url')],
    ['no event time', Buffer.from(JSON.stringify({ at: '2026-01-01', kind: 'POS_SALE', source: 'POS', recordId: 'x', key: '' })).toString('base64url')],
    ['no event kind', Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', kind: 'NOPE', source: 'POS', recordId: 'x', key: '' })).toString('base64url')],
    ['no source', Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', kind: 'POS_SALE', source: 'ERP', recordId: 'x', key: '' })).toString('base64url')],
    ['no record id', Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', kind: 'POS_SALE', source: 'POS', key: '' })).toString('base64url')],
  ])('refuses a cursor with %s as TIMELINE_CURSOR_INVALID', (why, cursor) => {
    expect(() => decodeTimelineCursor('after', cursor)).toThrow(expect.objectContaining({ code: 'TIMELINE_CURSOR_INVALID', message: expect.stringContaining(why) }));
  });
});
