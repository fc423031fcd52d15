import { serialization, SquareClient, SquareError, type Square } from 'square';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateWorld, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { createSquareSandbox, resolveSquareConfig, SQUARE_SANDBOX_CREDENTIALS, squareSettings } from '../../../connectors/square/index.js';
import { useSandboxVendor } from '../support/sandbox-vendor.js';
import { loopbackOnly } from './loopback-only.js';
import { deleteWithEmptyJson, rejection } from './support.js';

// The connector's own operations (connectors/square/client.ts), sent through Square's official Node SDK.
loopbackOnly();
const world = generateWorld({ seed: 16, people: 160 });
const sandbox = useSandboxVendor(() => createSquareSandbox(world));
const { accessToken } = SQUARE_SANDBOX_CREDENTIALS;
let square: SquareClient;
/** Per call: the connector's Square-Version (the SDK would send its own), and no retries. */
let asConnector: { headers: Record<string, string>; maxRetries: number };
/** The body of the last answer, as the sandbox sent it (the SDK's own parse skips validation). */
let lastBody: unknown;

beforeAll(() => {
  const { squareVersion } = resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: sandbox.url() });
  asConnector = { headers: { 'Square-Version': squareVersion }, maxRetries: 0 };
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    lastBody = await res.clone().json().catch(() => undefined);
    return res;
  };
  square = new SquareClient({ token: accessToken, baseUrl: sandbox.url(), fetch: recording, maxRetries: 0 });
});
beforeEach(() => sandbox.faults({}));

const customers = world.square.customers;
const byId = new Map(customers.map((c) => [c.id, c]));
const strict = { unrecognizedObjectKeys: 'fail', allowUnrecognizedEnumValues: false, allowUnrecognizedUnionMembers: false, skipValidation: false } as const;

/** Validates the last raw answer with the SDK's own response schema, strictly: every field known, typed and in range. */
function expectSdkSchema(schema: { parse(raw: unknown, opts: typeof strict): { ok: boolean; errors?: Array<{ path: string[]; message: string }> } }) {
  expect(lastBody, "the answer the sandbox sent").toBeDefined();
  const parsed = schema.parse(lastBody, strict);
  expect(parsed.ok ? [] : parsed.errors?.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
}

function expectCustomer(parsed: Square.Customer | undefined, c: WorldContact) {
  expect(parsed).toMatchObject({ id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt });
  expect(parsed?.emailAddress ?? null).toBe(c.email);
  expect(parsed?.phoneNumber ?? null).toBe(c.phone);
  expect(parsed?.referenceId ?? null).toBe(c.xref);
  expect(parsed?.givenName ?? null).toBe(c.firstName);
}

const squareError = (call: Promise<unknown>) => rejection(call, SquareError);

describe('Square SDK (square) against the sandbox', () => {
  it('bulk-retrieves customers, with a per-id error for an id the sandbox lacks', async () => {
    const ids = customers.slice(0, 20).map((c) => c.id);
    const answer = await square.customers.bulkRetrieveCustomers({ customerIds: [...ids, 'NOSUCHCUSTOMER0000000000'] }, asConnector);
    expectSdkSchema(serialization.BulkRetrieveCustomersResponse);
    for (const id of ids) expectCustomer(answer.responses?.[id]?.customer, byId.get(id)!);
    expect(answer.responses?.NOSUCHCUSTOMER0000000000?.errors?.[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' });
  });

  it('searches customers by exact email, phone and reference id', async () => {
    const c = customers.find((x) => x.email !== null && x.phone !== null && x.xref !== null)!;
    for (const filter of [{ emailAddress: { exact: c.email! } }, { phoneNumber: { exact: c.phone! } }, { referenceId: { exact: c.xref! } }]) {
      const answer = await square.customers.search({ query: { filter }, limit: BigInt(100) }, asConnector);
      expectSdkSchema(serialization.SearchCustomersResponse);
      expect(answer.customers?.map((x) => x.id)).toContain(c.id);
    }
  });

  it('searches every customer in creation-time windows, oldest first, following the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await square.customers.search({
        query: { filter: { createdAt: { startAt: '2000-01-01T00:00:00Z' } }, sort: { field: 'CREATED_AT', order: 'ASC' } }, limit: BigInt(50), cursor,
      }, asConnector);
      expectSdkSchema(serialization.SearchCustomersResponse);
      for (const parsed of answer.customers ?? []) expectCustomer(parsed, byId.get(parsed.id!)!);
      seen.push(...(answer.customers ?? []).map((x) => x.id!));
      cursor = answer.cursor;
      if (cursor === undefined) break;
    }
    expect(new Set(seen)).toEqual(new Set(customers.map((c) => c.id)));
  });

  it('lists customers oldest first with a count, page by page through the SDK pager', async () => {
    const first = await square.customers.list({ limit: 40, sortField: 'CREATED_AT', sortOrder: 'ASC', count: true }, asConnector);
    expectSdkSchema(serialization.ListCustomersResponse);
    expect(first.response.count).toBe(BigInt(customers.length));
    const seen = [...first.data];
    let page = first;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      expectSdkSchema(serialization.ListCustomersResponse);
      seen.push(...page.data);
    }
    expect(seen.map((c) => c.id)).toEqual([...customers].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((c) => c.id));
  });

  it('lists the locations, searches the orders of customers newest first, and retrieves one order', async () => {
    const { locations } = await square.locations.list(asConnector);
    expectSdkSchema(serialization.ListLocationsResponse);
    expect(locations?.map((l) => l.id).sort()).toEqual(world.square.locations.map((l) => l.id).sort());
    const buyers = [...new Set(world.square.orders.map((o) => o.customerId))].slice(0, 10);
    const orders: Square.Order[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await square.orders.search({
        locationIds: locations!.map((l) => l.id!),
        query: { filter: { customerFilter: { customerIds: buyers } }, sort: { sortField: 'CREATED_AT', sortOrder: 'DESC' } },
        limit: 500, returnEntries: false, cursor,
      }, asConnector);
      expectSdkSchema(serialization.SearchOrdersResponse);
      orders.push(...(answer.orders ?? []));
      cursor = answer.cursor;
      if (cursor === undefined) break;
    }
    const expected = world.square.orders.filter((o) => buyers.includes(o.customerId));
    expect(orders.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    const created = orders.map((o) => Date.parse(o.createdAt!));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const wanted = expected[0]!;
    const { order } = await square.orders.get({ orderId: wanted.id }, asConnector);
    expectSdkSchema(serialization.GetOrderResponse);
    expect(order).toMatchObject({ id: wanted.id, customerId: wanted.customerId, locationId: wanted.locationId, state: wanted.state });
    expect(order?.totalMoney).toEqual({ amount: BigInt(wanted.totalMinor), currency: wanted.currency });
    // Square writes quantities as decimal strings.
    expect(order?.lineItems?.map((l) => Number(l.quantity))).toEqual(wanted.lines.map((l) => Number(l.quantity)));
    expect(order?.lineItems?.every((l) => /^\d+(\.\d+)?$/.test(l.quantity))).toBe(true);
    const missing = await squareError(square.orders.get({ orderId: 'NOSUCHORDER00000000000000' }, asConnector));
    expect(missing.statusCode).toBe(404);
    expect(missing.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' });
  });

  it('retrieves a customer, deletes it, and answers the next read and delete with SquareError 404', async () => {
    const c = customers[5]!;
    expectCustomer((await square.customers.get({ customerId: c.id }, asConnector)).customer, c);
    expectSdkSchema(serialization.GetCustomerResponse);
    const deleted = await square.customers.delete({ customerId: c.id }, asConnector);
    expectSdkSchema(serialization.DeleteCustomerResponse);
    expect(deleted.errors ?? []).toEqual([]);
    for (const call of [() => square.customers.get({ customerId: c.id }, asConnector), () => square.customers.delete({ customerId: c.id }, asConnector)]) {
      const gone = await squareError(call());
      expect(gone.statusCode).toBe(404);
      expect(gone.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' });
    }
  });

  it('answers throttling with SquareError 429 and RATE_LIMITED', async () => {
    await sandbox.faults({ rateLimitRate: 1 });
    const throttled = await squareError(square.customers.get({ customerId: customers[0]!.id }, asConnector));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.errors[0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' });
  });

  it('refuses a wrong token with SquareError 401', async () => {
    const stranger = new SquareClient({ token: 'not-the-sandbox-token', baseUrl: sandbox.url(), maxRetries: 0 });
    const refused = await squareError(stranger.customers.get({ customerId: customers[0]!.id }, asConnector));
    expect(refused.statusCode).toBe(401);
    expect(refused.errors[0]).toMatchObject({ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' });
  });

  it('deletes on a body-less DELETE sent with Content-Type: application/json', async () => {
    const c = customers[6]!;
    const res = await deleteWithEmptyJson(`${sandbox.url()}/v2/customers/${c.id}`, { Authorization: `Bearer ${accessToken}`, ...asConnector.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await squareError(square.customers.get({ customerId: c.id }, asConnector))).statusCode).toBe(404);
  });
});
