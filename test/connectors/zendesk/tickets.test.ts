import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../../connectors/zendesk/index.js';
import { fixture } from './support.js';
import { BASE, CONFIG, searchPage, useMswServer } from './support-mock.js';

const { server, seen } = useMswServer();
const connector = createZendeskConnector(CONFIG);
const byRequester = fixture('search-tickets-by-requester.200.json');
const [older, newer] = fixture<{ tickets: object[] }>('tickets-requested-by-user.200.cursor.json').tickets;
const ticketList = fixture<{ tickets: Array<Record<string, unknown>> }>('tickets-list.200.spec.json');

describe('ticketsFor (GET /api/v2/search type:ticket)', () => {
  it('searches the requesters in one OR query sorted by creation, newest first', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(byRequester)));
    const pages = await connector.ticketsFor(['9873843001', '20978392'], { first: 10 });
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({
      query: 'type:ticket requester_id:"9873843001" OR requester_id:"20978392"',
      sort_by: 'created_at',
      sort_order: 'desc',
      page: '1',
      per_page: '100',
      include: 'tickets(metric_sets)',
    });
    expect(pages.get('9873843001')).toMatchObject({ next: null, totalCount: 1, items: [{ provenance: { recordId: '4812' }, status: 'SOLVED' }] });
    expect(pages.get('20978392')).toEqual({ items: [], next: null, totalCount: 0 });
  });

  it('reads the first reply time from the metric sets sideloaded with the search page, at no extra request', async () => {
    // Constructed after the Ticket Metrics reference (`reply_time_in_minutes: { calendar, business }`): the page's
    // tickets with their metric sets alongside, as `include=tickets(metric_sets)` returns them.
    const body = structuredClone(byRequester) as { results: Array<{ id: number }>; metric_sets?: object[] };
    body.metric_sets = body.results.map((t) => ({ id: 9000 + t.id, ticket_id: t.id, reply_time_in_minutes: { calendar: 2391, business: 737 } }));
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(body)));
    const pages = await connector.ticketsFor(['9873843001'], { first: 10 });
    expect(seen).toHaveLength(1);
    expect(pages.get('9873843001')?.items.map((t) => t.firstReplyMinutes)).toEqual([2391]);
  });

  it('gives a ticket without a metric set (or without a reply yet) no first reply time', async () => {
    const body = structuredClone(byRequester) as { results: Array<{ id: number }>; metric_sets?: object[] };
    body.metric_sets = body.results.map((t) => ({ id: 9000 + t.id, ticket_id: t.id, reply_time_in_minutes: { calendar: null, business: null } }));
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(body)));
    expect((await connector.ticketsFor(['9873843001'], { first: 10 })).get('9873843001')?.items.map((t) => t.firstReplyMinutes)).toEqual([null]);
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(byRequester)));
    expect((await connector.ticketsFor(['9873843001'], { first: 10 })).get('9873843001')?.items.map((t) => t.firstReplyMinutes)).toEqual([null]);
  });

  it('reads when a ticket was solved from the solved_at of its sideloaded metric set', async () => {
    // Constructed after the Ticket Metrics reference (`solved_at`, null while unsolved), alongside the page's tickets.
    const body = structuredClone(byRequester) as { results: Array<{ id: number }>; metric_sets?: object[] };
    body.metric_sets = body.results.map((t) => ({
      id: 9000 + t.id, ticket_id: t.id, created_at: '2009-07-20T22:55:29Z', updated_at: '2011-05-05T10:38:52Z',
      solved_at: '2011-05-04T08:12:00-02:00', reply_time_in_minutes: { calendar: 2391, business: 737 },
    }));
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(body)));
    expect((await connector.ticketsFor(['9873843001'], { first: 10 })).get('9873843001')?.items.map((t) => t.solvedAt)).toEqual(['2011-05-04T10:12:00.000Z']);
    expect(seen).toHaveLength(1);
    body.metric_sets = body.results.map((t) => ({ id: 9000 + t.id, ticket_id: t.id, solved_at: null }));
    expect((await connector.ticketsFor(['9873843001'], { first: 10 })).get('9873843001')?.items.map((t) => t.solvedAt)).toEqual([null]);
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(byRequester)));
    expect((await connector.ticketsFor(['9873843001'], { first: 10 })).get('9873843001')?.items.map((t) => t.solvedAt)).toEqual([null]);
  });

  it('bounds the search with created< the UTC second after the bound (Zendesk keeps seconds), beside the requester OR-list and the status', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'ticket'))));
    await connector.ticketsFor(['9873843001', '20978392'], { first: 10, status: 'SOLVED', createdAtOrBefore: '2024-05-01T12:30:15.750+02:00' });
    expect(seen[0]!.searchParams.get('query')).toBe('type:ticket requester_id:"9873843001" OR requester_id:"20978392" status:solved created<2024-05-01T10:30:16Z');
    await connector.ticketsFor(['9873843001'], { first: 10, createdAtOrBefore: null });
    expect(seen[1]!.searchParams.get('query')).toBe('type:ticket requester_id:"9873843001"');
    await expect(connector.ticketsFor(['9873843001'], { first: 10, createdAtOrBefore: 'yesterday' })).rejects.toThrow(/createdAtOrBefore/);
  });

  it('adds the status filter as a status: term', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'ticket'))));
    await connector.ticketsFor(['9873843001'], { first: 10, status: 'OPEN' });
    expect(seen[0]!.searchParams.get('query')).toBe('type:ticket requester_id:"9873843001" status:open');
  });

  it('reads every result page, groups per requester newest first, and pages each with its own cursor', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, ({ request }) => {
      const page = new URL(request.url).searchParams.get('page');
      return HttpResponse.json(page === '1' ? searchPage([older!], 'ticket', `${BASE}/api/v2/search.json?page=2`, 2) : searchPage([newer!], 'ticket', null, 2));
    }));
    const first = (await connector.ticketsFor(['9873843001'], { first: 1 })).get('9873843001')!;
    expect(seen.map((url) => url.searchParams.get('page'))).toEqual(['1', '2']);
    expect(first.items.map((t) => t.provenance.recordId)).toEqual(['4907']);
    expect(first).toMatchObject({ totalCount: 2 });
    expect(first.next).toEqual(expect.any(String));
    const second = (await connector.ticketsFor(['9873843001'], { first: 1, after: first.next })).get('9873843001')!;
    expect(second.items.map((t) => t.provenance.recordId)).toEqual(['4812']);
    expect(second.next).toBeNull();
  });

  it('puts at most 50 requesters in one search, spread evenly: 34 cost 1 search, 51 cost 2 of 26 and 25, non-integer ids none', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'ticket'))));
    const requesters = (n: number) => Array.from({ length: n }, (_, i) => String(1000 + i));
    const termsOf = (url: URL) => (url.searchParams.get('query') ?? '').split(' OR ').length;
    const pages = await connector.ticketsFor([...requesters(34), 'gid://x'], { first: 5 });
    expect(seen.map(termsOf)).toEqual([34]);
    expect(pages.get('gid://x')).toEqual({ items: [], next: null, totalCount: 0 });
    seen.length = 0;
    await connector.ticketsFor(requesters(51), { first: 5 });
    expect(seen.map(termsOf).sort()).toEqual([25, 26]);
  });
});

describe('getTicket and getTickets', () => {
  it('reads one ticket from GET /api/v2/tickets/{id}', async () => {
    server.use(http.get(`${BASE}/api/v2/tickets/:id`, () => HttpResponse.json({ ticket: ticketList.tickets[0] })));
    const ticket = await connector.getTicket('35436');
    expect(seen[0]!.pathname).toBe('/api/v2/tickets/35436');
    expect(ticket).toMatchObject({ requesterRecordId: '20978392', status: 'OPEN', priority: 'high', channel: 'web', satisfaction: 'good' });
  });

  it('asks for the ticket with its users sideloaded, and answers its requester from them for the rest of the request', async () => {
    const users = fixture<{ users: Array<Record<string, unknown>> }>('users-show-many.200.json').users;
    const requester = { ...users[0]!, id: 20978392 };
    server.use(
      http.get(`${BASE}/api/v2/tickets/:id`, () => HttpResponse.json({ ticket: ticketList.tickets[0], users: [requester] })),
      http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json({ users: [requester] })),
    );
    const scope = {};
    await connector.getTicket('35436', { scope });
    expect(seen[0]!.searchParams.get('include')).toBe('users');
    const sameRequest = await connector.getContacts(['20978392'], { scope });
    expect(sameRequest.get('20978392')).toMatchObject({ provenance: { source: 'SUPPORT', recordId: '20978392' } });
    expect(seen).toHaveLength(1);
    // Another request (another scope, or none) asks Zendesk again.
    await connector.getContacts(['20978392'], { scope: {} });
    await connector.getContacts(['20978392']);
    expect(seen.map((url) => url.pathname)).toEqual(['/api/v2/tickets/35436', '/api/v2/users/show_many', '/api/v2/users/show_many']);
  });

  it('answers null for a 404 RecordNotFound, and for an id Zendesk cannot have without asking', async () => {
    server.use(http.get(`${BASE}/api/v2/tickets/:id`, () => HttpResponse.json(fixture('error.404.json'), { status: 404 })));
    expect(await connector.getTicket('1')).toBeNull();
    expect(await connector.getTicket('../users/1')).toBeNull();
    expect(seen).toHaveLength(1);
  });

  it('reads tickets 100 per show_many call and leaves unknown ids out', async () => {
    server.use(http.get(`${BASE}/api/v2/tickets/show_many`, () => HttpResponse.json(ticketList)));
    const found = await connector.getTickets(Array.from({ length: 150 }, (_, i) => String(35436 + i)));
    expect(seen).toHaveLength(2);
    expect([...found.keys()]).toEqual(['35436']);
  });
});
