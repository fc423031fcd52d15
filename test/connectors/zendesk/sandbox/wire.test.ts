import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName } from '../../../../connectors/zendesk/sandbox/serialize.js';
import { fixture, searchPath, specProblems, startZendeskSandbox } from '../support.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
beforeAll(async () => {
  zd = await startZendeskSandbox(200);
});
afterAll(() => zd.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const userIds = () => zd.world.zendesk.users.map((u) => u.id);

describe('Zendesk sandbox: bodies follow the OAS excerpt and the vendor examples', () => {
  it('serves show_many users as UsersResponse with integer ids and every field of the vendor example', async () => {
    const res = await zd.get(`/api/v2/users/show_many?ids=${userIds().slice(0, 5).join(',')}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(specProblems('UsersResponse', body)).toEqual([]);
    expect(body.users.map((u: { id: unknown }) => u.id)).toEqual(userIds().slice(0, 5).map(Number));
    const exampleKeys = Object.keys(fixture<{ users: object[] }>('users-show-many.200.json').users[0]!);
    for (const user of body.users) expect(Object.keys(user)).toEqual(expect.arrayContaining(exampleKeys));
  });

  it('names a user "First Last", or by their phone when both names are missing', () => {
    const user = zd.world.zendesk.users[0]!;
    expect(displayName(user)).toBe(`${user.firstName} ${user.lastName}`);
    expect(displayName({ ...user, firstName: null, lastName: null, phone: '+44 7911 123456' })).toBe('+44 7911 123456');
  });

  it('serves a user as UserResponse, with and without .json', async () => {
    const id = userIds()[3]!;
    for (const path of [`/api/v2/users/${id}`, `/api/v2/users/${id}.json`]) {
      const body = await json(await zd.get(path));
      expect(specProblems('UserResponse', body)).toEqual([]);
      expect(body.user.id).toBe(Number(id));
    }
  });

  it('serves tickets as TicketResponse and TicketsResponse with every field of the vendor example', async () => {
    const tickets = zd.world.zendesk.tickets.slice(0, 4);
    const one = await json(await zd.get(`/api/v2/tickets/${tickets[0]!.id}.json`));
    expect(specProblems('TicketResponse', one)).toEqual([]);
    const many = await json(await zd.get(`/api/v2/tickets/show_many?ids=${tickets.map((t) => t.id).join(',')}`));
    expect(specProblems('TicketsResponse', many)).toEqual([]);
    expect(many.tickets).toHaveLength(4);
    const exampleKeys = Object.keys(fixture<{ tickets: object[] }>('tickets-requested-by-user.200.cursor.json').tickets[0]!);
    expect(Object.keys(one.ticket)).toEqual(expect.arrayContaining(exampleKeys));
  });

  it('sideloads the requester with a ticket on include=users, and only then', async () => {
    const ticket = zd.world.zendesk.tickets[0]!;
    const plain = await json(await zd.get(`/api/v2/tickets/${ticket.id}.json`));
    expect(plain.users).toBeUndefined();
    const body = await json(await zd.get(`/api/v2/tickets/${ticket.id}.json?include=users`));
    expect(specProblems('TicketResponse', { ticket: body.ticket })).toEqual([]);
    expect(specProblems('UsersResponse', { users: body.users })).toEqual([]);
    expect(body.ticket.id).toBe(Number(ticket.id));
    expect(body.users.map((u: { id: number }) => u.id)).toEqual([Number(ticket.requesterId)]);
  });

  it('sideloads the metric set of every ticket of a search page on include=tickets(metric_sets), and only then', async () => {
    const requester = zd.world.zendesk.tickets[0]!.requesterId;
    const query = `type:ticket requester_id:${requester}`;
    const plain = await json(await zd.get(searchPath(query)));
    expect(plain.metric_sets).toBeUndefined();
    const body = await json(await zd.get(searchPath(query, { include: 'tickets(metric_sets)' })));
    const tickets = zd.world.zendesk.tickets.filter((t) => t.requesterId === requester);
    expect(body.results.map((r: { id: number }) => r.id).sort()).toEqual(tickets.map((t) => Number(t.id)).sort());
    expect(body.metric_sets).toHaveLength(tickets.length);
    for (const ticket of tickets) {
      const set = body.metric_sets.find((m: { ticket_id: number }) => m.ticket_id === Number(ticket.id));
      // A ticket no agent has touched has no reply yet; the sandbox account has no schedule, so business = calendar.
      const minutes = ticket.status === 'new' ? null : expect.any(Number);
      expect(set).toMatchObject({ ticket_id: Number(ticket.id), reply_time_in_minutes: { calendar: minutes, business: minutes } });
      expect(set.reply_time_in_minutes.business).toBe(set.reply_time_in_minutes.calendar);
    }
    const again = await json(await zd.get(searchPath(query, { include: 'tickets(metric_sets)' })));
    expect(again.metric_sets).toEqual(body.metric_sets);
  });

  it('serves solved_at on the metric set of a solved or closed ticket: after its creation, not after its update', async () => {
    const query = 'type:ticket';
    const body = await json(await zd.get(searchPath(query, { include: 'tickets(metric_sets)', per_page: '100' })));
    const byId = new Map(zd.world.zendesk.tickets.map((t) => [Number(t.id), t]));
    let solved = 0;
    for (const set of body.metric_sets as Array<{ ticket_id: number; solved_at: string | null }>) {
      const ticket = byId.get(set.ticket_id)!;
      if (ticket.status !== 'solved' && ticket.status !== 'closed') {
        expect(set.solved_at).toBeNull();
        continue;
      }
      solved++;
      expect(set.solved_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const at = Date.parse(set.solved_at!);
      expect(at).toBeGreaterThanOrEqual(Math.floor(Date.parse(ticket.createdAt) / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(Date.parse(ticket.updatedAt));
    }
    expect(solved).toBeGreaterThan(10);
    const again = await json(await zd.get(searchPath(query, { include: 'tickets(metric_sets)', per_page: '100' })));
    expect(again.metric_sets).toEqual(body.metric_sets);
  });

  it('serves search results as SearchResponse with result_type, total count and paging links', async () => {
    const body = await json(await zd.get(searchPath('type:user', { per_page: '10' })));
    expect(specProblems('SearchResponse', body)).toEqual([]);
    expect(body.results).toHaveLength(10);
    expect(body.results.every((r: { result_type: string }) => r.result_type === 'user')).toBe(true);
    expect(body.count).toBe(zd.world.zendesk.users.length);
    expect(body.next_page).toMatch(/\/api\/v2\/search\.json\?.*page=2/);
    expect(body.previous_page).toBeNull();
  });

  it('serves users/search as UsersResponse with offset paging keys', async () => {
    const user = zd.world.zendesk.users.find((u) => u.xref !== null)!;
    const body = await json(await zd.get(`/api/v2/users/search.json?external_id=${user.xref}`));
    expect(specProblems('UsersResponse', body)).toEqual([]);
    expect(body).toMatchObject({ users: [{ id: Number(user.id) }], next_page: null, previous_page: null, count: 1 });
  });

  it('has a spec check that does catch a wrongly typed body', () => {
    expect(specProblems('UsersResponse', { users: [{ id: '9873843001', name: 'Alex' }] })).not.toEqual([]);
    expect(specProblems('TicketResponse', { ticket: { id: 1, requester_id: 2, status: 'archived' } })).not.toEqual([]);
  });

  it('sends X-Rate-Limit and X-Rate-Limit-Remaining on every answer', async () => {
    for (const res of [await zd.get('/api/v2/users?page[size]=1'), await zd.get('/api/v2/users/1', {}), await zd.get('/api/v2/nothing-here')]) {
      expect([res.url, res.status, res.headers.get('x-rate-limit')]).toEqual([expect.any(String), expect.any(Number), '700']);
      expect(Number(res.headers.get('x-rate-limit-remaining'))).toBeLessThan(700);
    }
  });
});

describe('Zendesk sandbox: refusals are Zendesk\'s own', () => {
  it('answers 401 {"error":"Couldn\'t authenticate you"} to missing or wrong credentials', async () => {
    const wrong = `Basic ${Buffer.from('gateway@sandbox.zendesk.test/token:wrong').toString('base64')}`;
    for (const headers of [{}, { authorization: wrong }, { authorization: 'Bearer zendesk-sandbox-api-token' }] as Array<Record<string, string>>) {
      const res = await zd.get('/api/v2/users/show_many?ids=1', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Couldn't authenticate you" });
    }
  });

  it('answers 404 RecordNotFound for unknown users and tickets', async () => {
    for (const path of ['/api/v2/users/1', '/api/v2/tickets/999999999.json', '/api/v2/users/1/tickets/requested']) {
      const res = await zd.get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(fixture('error.404.json'));
    }
  });

  it('refuses more than 100 ids, or ids that are not integers, with 400', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',');
    for (const path of [`/api/v2/users/show_many?ids=${tooMany}`, `/api/v2/tickets/show_many?ids=${tooMany}`, '/api/v2/users/show_many?ids=1,abc']) {
      const res = await zd.get(path);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { title: 'Invalid attribute', message: expect.stringContaining('ids') } });
    }
  });

  it('leaves unknown ids out of show_many', async () => {
    const body = await json(await zd.get(`/api/v2/users/show_many?ids=1,${userIds()[0]},2`));
    expect(body.users.map((u: { id: number }) => u.id)).toEqual([Number(userIds()[0])]);
  });

  it('answers invalid search syntax with 422 {"error":"invalid"}', async () => {
    for (const query of ['type:user email:"open', 'type:spaceship', 'OR email:a@b.com', 'frobnicate:1', 'status<maybe', '']) {
      const res = await zd.get(searchPath(query));
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: 'invalid', description: expect.stringMatching(/^Invalid search: /) });
    }
  });

  it('refuses search pages past the first 1000 results with 422, and list offsets past 10,000 with 400', async () => {
    expect((await zd.get(searchPath('type:user', { page: '11', per_page: '100' }))).status).toBe(422);
    expect((await zd.get(searchPath('type:user', { page: '10', per_page: '100' }))).status).toBe(200);
    const deep = await zd.get('/api/v2/users?page=101&per_page=100');
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ error: 'InvalidPaginationParameter' });
  });

  it('refuses page[size] over 100 and cursors it did not write', async () => {
    for (const query of ['page[size]=101', 'page[size]=10&page[after]=not-a-cursor']) {
      const res = await zd.get(`/api/v2/users?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'InvalidPaginationParameter' });
    }
  });

  it('answers unknown routes with 404 InvalidEndpoint', async () => {
    const res = await zd.get('/api/v2/organizations/1/frobs');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'InvalidEndpoint', description: 'Not found' });
  });
});
