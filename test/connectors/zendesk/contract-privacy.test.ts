import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../../connectors/zendesk/index.js';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceUnavailable,
  type ContactRecord,
  type SourceError,
} from '../../../src/model/index.js';
import { fixture } from './helpers.js';
import { BASE, CONFIG, useMswServer } from './msw.js';

const { server, seen } = useMswServer();
const connector = createZendeskConnector(CONFIG);
const soon = () => ({ deadline: Date.now() + 1500 });

// The ids of the vendor examples: the soft-delete example answers for 9873843, the deleted-user one for 189304711533.
const USER = '9873843';
const softDeleted = () => fixture('user-delete.200.spec.json');
const deletedUser = () => fixture('deleted-user-permanent-delete.200.spec.json');
const notFound = () => HttpResponse.json(fixture('error.404.json'), { status: 404 });

/** Every request the connector made, as `METHOD /path`. */
const calls: string[] = [];
function on(method: 'get' | 'delete', path: string, answer: () => Response) {
  return http[method](`${BASE}${path}`, ({ request }) => {
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return answer();
  });
}
/** Installs handlers; where two answer the same request, the later one wins. */
function answers(...handlers: ReturnType<typeof on>[]) {
  calls.length = 0;
  // msw lets the first of one `use` call answer: reverse, so an override can come last.
  server.use(...handlers.reverse());
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as SourceError;
}

/** Every personal value of the vendor examples, which no receipt may carry. */
const PERSONAL = ['Roger Wilco II', 'David', 'david@email.com', 'Eastern Time'];

describe('Zendesk eraseRecord: soft delete, then permanent delete', () => {
  it('deletes, then permanently deletes, and answers ERASED with two receipts of ids and active only', async () => {
    answers(
      on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
    );
    const result = await connector.eraseRecord(USER, soon());
    expect(calls).toEqual([`DELETE /api/v2/users/${USER}`, `DELETE /api/v2/deleted_users/${USER}`]);
    expect(result.state).toBe('ERASED');
    expect(result.receipts).toEqual([
      { operation: 'DELETE /api/v2/users/{user_id}', httpStatus: 200, response: { id: 9873843, active: false }, at: expect.any(String) },
      { operation: 'DELETE /api/v2/deleted_users/{deleted_user_id}', httpStatus: 200, response: { id: 189304711533, active: false }, at: expect.any(String) },
    ]);
    for (const receipt of result.receipts) expect(Number.isNaN(Date.parse(receipt.at))).toBe(false);
    const written = JSON.stringify(result);
    for (const value of PERSONAL) expect(written).not.toContain(value);
  });

  it('resumes after a crash between the steps: a 404 soft delete looks at deleted_users, then deletes permanently', async () => {
    answers(
      on('delete', `/api/v2/users/${USER}`, notFound),
      on('get', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
      on('delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
    );
    const result = await connector.eraseRecord(USER, soon());
    expect(calls).toEqual([`DELETE /api/v2/users/${USER}`, `GET /api/v2/deleted_users/${USER}`, `DELETE /api/v2/deleted_users/${USER}`]);
    expect(result.state).toBe('ERASED');
    expect(result.receipts.map((r) => [r.operation, r.httpStatus, r.response])).toEqual([
      ['DELETE /api/v2/users/{user_id}', 404, {}],
      ['GET /api/v2/deleted_users/{deleted_user_id}', 200, { id: 189304711533, active: false }],
      ['DELETE /api/v2/deleted_users/{deleted_user_id}', 200, { id: 189304711533, active: false }],
    ]);
  });

  it('answers NOT_FOUND, without a permanent delete, when neither users nor deleted_users has the id', async () => {
    answers(on('delete', `/api/v2/users/${USER}`, notFound), on('get', `/api/v2/deleted_users/${USER}`, notFound));
    const result = await connector.eraseRecord(USER, soon());
    expect(calls).toEqual([`DELETE /api/v2/users/${USER}`, `GET /api/v2/deleted_users/${USER}`]);
    expect(result).toEqual({ state: 'NOT_FOUND', receipts: [expect.objectContaining({ httpStatus: 404 }), expect.objectContaining({ httpStatus: 404 })] });
  });

  it('answers ERASED when the permanent delete finds the user already gone (another run got there first)', async () => {
    answers(
      on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('delete', `/api/v2/deleted_users/${USER}`, notFound),
    );
    const result = await connector.eraseRecord(USER, soon());
    expect(result.state).toBe('ERASED');
    expect(result.receipts.map((r) => r.httpStatus)).toEqual([200, 404]);
  });

  it.each(['', 'abc', '12.5', '-1', 'gid://shopify/Customer/1'])('answers NOT_FOUND for the id %j without a request', async (id) => {
    expect(await connector.eraseRecord(id, soon())).toEqual({ state: 'NOT_FOUND', receipts: [] });
    expect(seen).toHaveLength(0);
  });

  it('surfaces the permanent-deletion limit (429 with Retry-After) as SourceRateLimited with retryAfterMs', async () => {
    answers(
      on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('delete', `/api/v2/deleted_users/${USER}`, () => new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '540' } })),
    );
    const error = await failure(connector.eraseRecord(USER, soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(540_000);
    expect(calls).toEqual([`DELETE /api/v2/users/${USER}`, `DELETE /api/v2/deleted_users/${USER}`]);
  });

  it('resends a throttled permanent delete once a short Retry-After has passed', async () => {
    let n = 0;
    answers(
      on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('delete', `/api/v2/deleted_users/${USER}`, () =>
        ++n === 1 ? new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '0' } }) : HttpResponse.json(deletedUser())),
    );
    expect((await connector.eraseRecord(USER, soon())).state).toBe('ERASED');
    expect(n).toBe(2);
  });

  it('resends a soft delete that failed with 503 (a repeated DELETE cannot harm), then gives up with SourceUnavailable', async () => {
    answers(on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json({ error: 'ServiceUnavailable' }, { status: 503 })));
    const error = await failure(connector.eraseRecord(USER, soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(calls).toEqual(Array(3).fill(`DELETE /api/v2/users/${USER}`));
  });
});

describe('Zendesk eraseRecord rejects bodies that are not what Zendesk documents', () => {
  const html = () => new HttpResponse('<html><body>502</body></html>', { status: 200, headers: { 'content-type': 'text/html' } });
  it.each([
    ['a soft delete without the user', 'delete', `/api/v2/users/${USER}`, () => HttpResponse.json({})],
    ['a soft delete without active', 'delete', `/api/v2/users/${USER}`, () => HttpResponse.json({ user: { id: 9873843 } })],
    ['a soft delete with a string id', 'delete', `/api/v2/users/${USER}`, () => HttpResponse.json({ user: { id: '9873843', active: false } })],
    ['an HTML soft delete', 'delete', `/api/v2/users/${USER}`, html],
    ['a permanent delete without deleted_user', 'delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(softDeleted())],
    ['a permanent delete without active', 'delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json({ deleted_user: { id: 189304711533 } })],
  ] as const)('rejects %s with SourceBadResponse', async (_label, method, path, body) => {
    answers(
      on('delete', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
      on(method, path, body),
    );
    expect(await failure(connector.eraseRecord(USER, soon()))).toBeInstanceOf(SourceBadResponse);
  });

  it('rejects a malformed deleted_users answer on resume with SourceBadResponse and does not delete', async () => {
    answers(
      on('delete', `/api/v2/users/${USER}`, notFound),
      on('get', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json({ deleted_user: { id: 'x', active: false } })),
      on('delete', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
    );
    expect(await failure(connector.eraseRecord(USER, soon()))).toBeInstanceOf(SourceBadResponse);
    expect(calls).not.toContain(`DELETE /api/v2/deleted_users/${USER}`);
  });
});

describe('Zendesk recordPresence', () => {
  it('answers PRESENT for a shown user (the OAS example, without active) after one request', async () => {
    answers(on('get', `/api/v2/users/${USER}`, () => HttpResponse.json(fixture('user-show.200.spec.json'))));
    expect(await connector.recordPresence(USER, soon())).toBe('PRESENT');
    expect(calls).toEqual([`GET /api/v2/users/${USER}`]);
  });

  it('answers PRESENT for a soft-deleted user (active: false) that deleted_users still shows', async () => {
    answers(
      on('get', `/api/v2/users/${USER}`, () => HttpResponse.json(softDeleted())),
      on('get', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())),
    );
    expect(await connector.recordPresence(USER, soon())).toBe('PRESENT');
    expect(calls).toEqual([`GET /api/v2/users/${USER}`, `GET /api/v2/deleted_users/${USER}`]);
  });

  it('answers PRESENT when users answers 404 but deleted_users still holds the user', async () => {
    answers(on('get', `/api/v2/users/${USER}`, notFound), on('get', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())));
    expect(await connector.recordPresence(USER, soon())).toBe('PRESENT');
  });

  it.each([
    ['users answers 404', notFound],
    ['users shows only an inactive remnant', () => HttpResponse.json(softDeleted())],
  ])('answers GONE when %s and deleted_users answers 404', async (_label, user) => {
    answers(on('get', `/api/v2/users/${USER}`, user), on('get', `/api/v2/deleted_users/${USER}`, notFound));
    expect(await connector.recordPresence(USER, soon())).toBe('GONE');
    expect(calls).toEqual([`GET /api/v2/users/${USER}`, `GET /api/v2/deleted_users/${USER}`]);
  });

  it('answers GONE for an id Zendesk cannot have, without a request', async () => {
    expect(await connector.recordPresence('not-a-number', soon())).toBe('GONE');
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['users', `/api/v2/users/${USER}`, () => HttpResponse.json({ user: { id: 9873843, active: 'no' } })],
    ['users', `/api/v2/users/${USER}`, () => HttpResponse.json({ users: [] })],
    ['deleted_users', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json({ deleted_user: { id: 189304711533 } })],
  ] as const)('rejects a malformed %s answer with SourceBadResponse', async (_label, path, body) => {
    answers(on('get', `/api/v2/users/${USER}`, notFound), on('get', `/api/v2/deleted_users/${USER}`, () => HttpResponse.json(deletedUser())), on('get', path, body));
    expect(await failure(connector.recordPresence(USER, soon()))).toBeInstanceOf(SourceBadResponse);
  });

  it('surfaces a 429 whose Retry-After outlasts the deadline as SourceRateLimited', async () => {
    answers(on('get', `/api/v2/users/${USER}`, () => new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '30' } })));
    const error = await failure(connector.recordPresence(USER, soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(30_000);
  });
});

describe('Zendesk writeEmailConsent', () => {
  it('answers NOT_SUPPORTED without a request or receipt: Zendesk holds no marketing consent', async () => {
    const record = { provenance: { source: 'SUPPORT', system: 'zendesk', recordId: USER } } as ContactRecord;
    for (const decision of ['GRANTED', 'DENIED'] as const) {
      expect(await connector.writeEmailConsent(record, decision, soon())).toEqual({
        state: 'NOT_SUPPORTED',
        detail: 'Zendesk holds no marketing consent',
        receipts: [],
      });
    }
    expect(seen).toHaveLength(0);
  });
});
