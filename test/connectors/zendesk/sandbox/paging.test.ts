import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPath, startZendeskSandbox } from '../support.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
beforeAll(async () => {
  zd = await startZendeskSandbox(200);
});
afterAll(() => zd.close());

type Body = Record<string, any>;
const read = async (path: string) => (await (await zd.get(path)).json()) as Body;
const relative = (url: string) => url.replace(zd.url, '');

describe('Zendesk sandbox paging', () => {
  it('walks every user once with cursor pagination, following links.next until has_more is false', async () => {
    const seen: number[] = [];
    let path: string | null = '/api/v2/users?page[size]=7';
    let pages = 0;
    while (path !== null) {
      const body: Body = await read(path);
      seen.push(...body.users.map((u: { id: number }) => u.id));
      expect(body.meta).toEqual({ has_more: expect.any(Boolean), after_cursor: expect.any(String), before_cursor: expect.any(String) });
      path = body.meta.has_more ? relative(body.links.next) : null;
      pages += 1;
    }
    const expected = zd.world.zendesk.users.map((u) => Number(u.id)).sort((a, b) => a - b);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('pages back with page[before] to the page before', async () => {
    const first = await read('/api/v2/users?page[size]=5');
    const second = await read(`/api/v2/users?page[size]=5&page[after]=${encodeURIComponent(first.meta.after_cursor)}`);
    const back = await read(`/api/v2/users?page[size]=5&page[before]=${encodeURIComponent(second.meta.before_cursor)}`);
    expect(back.users.map((u: { id: number }) => u.id)).toEqual(first.users.map((u: { id: number }) => u.id));
  });

  it('pages a user\'s requested tickets by cursor', async () => {
    const requester = zd.world.zendesk.tickets[0]!.requesterId;
    const theirs = zd.world.zendesk.tickets.filter((t) => t.requesterId === requester).map((t) => Number(t.id));
    const first = await read(`/api/v2/users/${requester}/tickets/requested.json?page[size]=1`);
    expect(first.tickets.map((t: { id: number }) => t.id)).toEqual([theirs[0]]);
    expect(first.meta.has_more).toBe(theirs.length > 1);
    const rest = await read(`/api/v2/users/${requester}/tickets/requested?page[size]=100&page[after]=${encodeURIComponent(first.meta.after_cursor)}`);
    expect(rest.tickets.map((t: { id: number }) => t.id)).toEqual(theirs.slice(1));
  });

  it('falls back to offset pagination without page[size]', async () => {
    const body = await read('/api/v2/users?per_page=10&page=2');
    expect(body.users).toHaveLength(10);
    expect(body).toMatchObject({ count: zd.world.zendesk.users.length, previous_page: expect.stringContaining('page=1') });
  });

  it('pages search results by page and per_page without losing or repeating any', async () => {
    const seen: number[] = [];
    let path: string | null = searchPath('type:ticket', { per_page: '25', sort_by: 'created_at', sort_order: 'asc' });
    while (path !== null) {
      const body: Body = await read(path);
      seen.push(...body.results.map((r: { id: number }) => r.id));
      path = body.next_page === null ? null : relative(body.next_page);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(zd.world.zendesk.tickets.map((t) => Number(t.id)).sort((a, b) => a - b));
  });

  it('cuts per_page above 100 to 100', async () => {
    const body = await read(searchPath('type:ticket', { per_page: '500' }));
    expect(body.results).toHaveLength(Math.min(100, zd.world.zendesk.tickets.length));
  });
});

describe('Zendesk sandbox faults on the wire', () => {
  it('answers an injected rate limit with 429, Retry-After and exhausted rate-limit headers', async () => {
    await zd.setFaults({ rateLimitRate: 1 });
    const res = await zd.get('/api/v2/users?page[size]=1');
    await zd.setFaults({});
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await res.text()).toBe('Too Many Requests');
  });

  it('answers an injected server error with 500 and a Zendesk error body', async () => {
    await zd.setFaults({ errorRate: 1 });
    const res = await zd.get('/api/v2/users?page[size]=1');
    await zd.setFaults({});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: expect.any(String), description: expect.any(String) });
  });
});
