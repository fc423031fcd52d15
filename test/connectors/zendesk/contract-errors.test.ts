import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceRateLimited, SourceUnavailable, type SourceError } from '../../../src/model/index.js';
import { createZendeskConnector } from '../../../connectors/zendesk/index.js';
import { fixture } from './helpers.js';
import { BASE, CONFIG, searchPage, useMswServer } from './msw.js';

const { server, seen } = useMswServer();
const connector = createZendeskConnector(CONFIG);
const soon = () => ({ deadline: Date.now() + 1500 });
const getContacts = () => connector.getContacts(['9873843001'], soon());

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as SourceError;
}

function answer(body: string | object, status = 200, headers: Record<string, string> = {}) {
  server.use(http.get(`${BASE}/api/v2/users/show_many`, () =>
    typeof body === 'string' ? new HttpResponse(body, { status, headers }) : HttpResponse.json(body, { status, headers })));
}

describe('Zendesk failures become typed silo errors', () => {
  it('turns 401 "Couldn\'t authenticate you" into SourceUnavailable without a token, URL or body in the message', async () => {
    answer({ error: "Couldn't authenticate you" }, 401);
    const error = await failure(getContacts());
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^SUPPORT: refused our credentials/);
    for (const leak of [CONFIG.apiToken, 'acme.zendesk.com', "Couldn't", Buffer.from(`${CONFIG.email}/token:${CONFIG.apiToken}`).toString('base64')]) {
      expect(error.message).not.toContain(leak);
    }
  });

  it('turns a 429 whose Retry-After outlasts the deadline into SourceRateLimited, plain-text body and all', async () => {
    answer('Too Many Requests', 429, { 'retry-after': '30', 'x-rate-limit': '700', 'x-rate-limit-remaining': '0' });
    const error = await failure(getContacts());
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(30_000);
    expect(seen).toHaveLength(1);
  });

  it('waits out a short Retry-After and retries the read', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () =>
      ++calls === 1 ? new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '0' } }) : HttpResponse.json(fixture('users-show-many.200.json'))));
    expect((await getContacts()).size).toBe(1);
    expect(calls).toBe(2);
  });

  it('retries a search that answers 503 "unavailable" and then gives up with SourceUnavailable naming the code only', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(fixture('error.search-unavailable.json'), { status: 503 })));
    const error = await failure(connector.findContacts([{ kind: 'email', value: 'a@b.com' }], soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.message).toBe('SUPPORT: failed with HTTP 503 (unavailable)');
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 422 "invalid" search and reports SourceBadResponse', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json({ error: 'invalid', description: 'Invalid search: x' }, { status: 422 })));
    const error = await failure(connector.ticketsFor(['1'], { first: 1 }, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toBe('SUPPORT: rejected the request, HTTP 422 (invalid)');
    expect(seen).toHaveLength(1);
  });

  it('turns a network failure into SourceUnavailable', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.error()));
    expect(await failure(getContacts())).toBeInstanceOf(SourceUnavailable);
  });
});

describe('bodies that are not what Zendesk documents become SourceBadResponse', () => {
  it.each([
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['truncated JSON', JSON.stringify(fixture('users-show-many.200.json')).slice(0, 120)],
  ])('rejects %s', async (_label, body) => {
    answer(body, 200, { 'content-type': body.startsWith('<') ? 'text/html' : 'application/json' });
    expect(await failure(getContacts())).toBeInstanceOf(SourceBadResponse);
  });

  it('rejects a user whose id is a string', async () => {
    const users = fixture<{ users: Array<Record<string, unknown>> }>('users-show-many.200.json').users;
    answer({ users: users.map((u) => ({ ...u, id: String(u.id) })) });
    const error = await failure(getContacts());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toBe('SUPPORT: answered with an unexpected shape at users.0.id');
  });

  it('rejects the OAS example users that lack the email, phone and timestamps the connector maps', async () => {
    answer(fixture('users-show-many.200.spec.json'));
    expect(await failure(getContacts())).toBeInstanceOf(SourceBadResponse);
  });

  it('rejects search results of another type than asked for (the OAS example of group results)', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(fixture('search.200.spec.json'))));
    expect(await failure(connector.findContacts([{ kind: 'email', value: 'a@b.com' }]))).toBeInstanceOf(SourceBadResponse);
  });

  it('rejects a ticket whose status is not one Zendesk has', async () => {
    const [ticket] = fixture<{ results: object[] }>('search-tickets-by-requester.200.json').results;
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([{ ...ticket, status: 'archived' }], 'ticket'))));
    expect(await failure(connector.ticketsFor(['9873843001'], { first: 1 }))).toBeInstanceOf(SourceBadResponse);
  });
});
