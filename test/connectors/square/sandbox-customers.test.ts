import { describe, expect, it } from 'vitest';
import type { WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { normaliseEmail, normalisePhone, phoneRegionOf } from '../../../src/model/index.js';
import { drain, example, squareSpec, useSquareSilo } from './support.js';

const silo = useSquareSilo(200);
const customers = () => silo.world.square.customers;
const pick = (test: (c: WorldContact) => boolean) => {
  const found = customers().find(test);
  if (!found) throw new Error('the test world lacks a customer this test needs');
  return found;
};
const search = async (body: unknown) => {
  const res = await silo.api('/v2/customers/search', { method: 'POST', body });
  return { status: res.status, body: (await res.json()) as any };
};
const byFilter = (filter: object) => search({ query: { filter } });
const idsOf = (body: { customers?: Array<{ id: string }> }) => (body.customers ?? []).map((c) => c.id);
const valid = (body: unknown, schema = 'SearchCustomersResponse') => expect(squareSpec.customers.problems(schema, body)).toEqual([]);
const firstError = (body: { errors: Array<Record<string, string>> }) => body.errors[0];

describe('Square sandbox: SearchCustomers', () => {
  it('matches email case-insensitively, ignoring surrounding white space, and returns the stored variant', async () => {
    const messy = pick((c) => c.email !== null && c.email !== normaliseEmail(c.email));
    const { status, body } = await byFilter({ email_address: { exact: (normaliseEmail(messy.email) ?? '').toUpperCase() } });
    expect(status).toBe(200);
    valid(body);
    expect(idsOf(body)).toContain(messy.id);
    expect(body.customers.find((c: { id: string }) => c.id === messy.id).email_address).toBe(messy.email);
  });

  it("matches an exact E.164 phone against national numbers read in the profile's address country", async () => {
    const national = pick((c) => c.countryCode === 'GB' && c.phone !== null && !c.phone.startsWith('+'));
    const e164 = normalisePhone(national.phone ?? '', phoneRegionOf('GB'));
    const { body } = await byFilter({ phone_number: { exact: e164 } });
    valid(body);
    expect(idsOf(body)).toContain(national.id);
    expect(body.customers.every((c: { phone_number: string; address?: { country?: string } }) => normalisePhone(c.phone_number, phoneRegionOf(c.address?.country)) === e164)).toBe(true);
  });

  it('accepts an E.164-compliant variation with spaces and brackets, and rejects a national number', async () => {
    const us = pick((c) => normalisePhone(c.phone ?? '', phoneRegionOf(c.countryCode))?.startsWith('+1') === true);
    const e164 = normalisePhone(us.phone ?? '', phoneRegionOf(us.countryCode)) ?? '';
    const spaced = `+1 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
    expect(idsOf((await byFilter({ phone_number: { exact: spaced } })).body)).toContain(us.id);
    const rejected = await byFilter({ phone_number: { exact: e164.slice(2) } });
    expect(rejected.status).toBe(400);
    valid(rejected.body);
    expect(firstError(rejected.body)).toMatchObject({ code: 'INVALID_PHONE_NUMBER', field: 'query.filter.phone_number.exact' });
  });

  it('finds profiles by reference_id (the HubSpot id) and ANDs filters together', async () => {
    const linked = pick((c) => c.xref !== null && c.email !== null);
    expect(idsOf((await byFilter({ reference_id: { exact: linked.xref } })).body)).toContain(linked.id);
    const other = pick((c) => c.email !== null && c.id !== linked.id && normaliseEmail(c.email) !== normaliseEmail(linked.email ?? ''));
    const both = await byFilter({ reference_id: { exact: linked.xref }, email_address: { exact: other.email } });
    expect(both.body).toEqual({});
  });

  it.each(['*', 'a@b.com OR email:*', '%', '"*"'])('treats %j as an exact value that matches nothing: {}', async (value) => {
    const { status, body } = await byFilter({ email_address: { exact: value } });
    expect([status, body]).toEqual([200, example('customers-search.200.empty.json')]);
  });

  it("matches fuzzy email token-wise, as Square's docs describe", async () => {
    const someone = pick((c) => c.email !== null && c.email.trim().includes('.'));
    const [first = '', rest = ''] = (normaliseEmail(someone.email) ?? '').split('.');
    const { body } = await byFilter({ email_address: { fuzzy: `${rest.slice(0, 4)} ${first}` } });
    expect(idsOf(body)).toContain(someone.id);
  });

  it("answers Square's own example request (a group that does not exist here) with {}", async () => {
    const { status, body } = await search(example('customers-search.request.json'));
    expect([status, body]).toEqual([200, {}]);
  });

  it.each([
    [{ limit: 0 }, 'VALUE_TOO_LOW', 'limit'],
    [{ limit: 101 }, 'VALUE_TOO_HIGH', 'limit'],
    [{ limit: '5' }, 'EXPECTED_INTEGER', 'limit'],
    [{ query: { filter: { email_address: 'x@y.z' } } }, 'EXPECTED_OBJECT', 'query.filter.email_address'],
    [{ query: { filter: { email_address: { exact: 'a', fuzzy: 'b' } } } }, 'BAD_REQUEST', 'query.filter.email_address'],
    [{ query: { sort: { field: 'NAME' } } }, 'INVALID_ENUM_VALUE', 'query.sort.field'],
    [{ query: { filter: { nickname: { exact: 'x' } } } }, 'BAD_REQUEST', 'query.filter.nickname'],
  ])('rejects %j with 400 %s on %s', async (body, code, field) => {
    const answer = await search(body);
    expect(answer.status).toBe(400);
    valid(answer.body);
    expect(firstError(answer.body)).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code, field });
  });

  it('pages with an opaque cursor bound to its query, counting all matches', async () => {
    let count: number | undefined;
    const seen = await drain(async (cursor) => {
      const { body } = await search({ limit: 7, count: true, query: { sort: { field: 'CREATED_AT', order: 'DESC' } }, cursor });
      valid(body);
      count ??= body.count;
      return { items: idsOf(body), next: body.cursor };
    });
    const newestFirst = [...customers()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((c) => c.id);
    expect([seen, count]).toEqual([newestFirst, customers().length]);
    const first = await search({ limit: 7 });
    const misused = await search({ limit: 7, cursor: first.body.cursor, query: { filter: { email_address: { fuzzy: 'example' } } } });
    expect([misused.status, firstError(misused.body)?.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});

describe('Square sandbox: BulkRetrieveCustomers, RetrieveCustomer, ListCustomers', () => {
  it("answers unknown ids inside a 200 with per-id NOT_FOUND, exactly like Square's example", async () => {
    const known = customers()[0] as WorldContact;
    const res = await silo.api('/v2/customers/bulk-retrieve', { method: 'POST', body: { customer_ids: [known.id, '2GYD7WNXF7BJZW1PMGNXZ3Y8M8'] } });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    valid(body, 'BulkRetrieveCustomersResponse');
    expect(body.responses['2GYD7WNXF7BJZW1PMGNXZ3Y8M8']).toEqual(example('customers-bulk-retrieve.200.json').responses['2GYD7WNXF7BJZW1PMGNXZ3Y8M8']);
    expect(body.responses[known.id].customer.id).toBe(known.id);
  });

  it.each([
    [{ customer_ids: Array.from({ length: 101 }, (_, i) => `ID${i}`) }, 'ARRAY_LENGTH_TOO_LONG'],
    [{ customer_ids: [] }, 'ARRAY_LENGTH_TOO_SHORT'],
    [{ customer_ids: 'ID1' }, 'EXPECTED_ARRAY'],
    [{}, 'MISSING_REQUIRED_PARAMETER'],
  ])('rejects bulk-retrieve %j with 400 %s', async (body, code) => {
    const res = await silo.api('/v2/customers/bulk-retrieve', { method: 'POST', body });
    const answer = (await res.json()) as any;
    expect(res.status).toBe(400);
    valid(answer, 'BulkRetrieveCustomersResponse');
    expect(firstError(answer)).toMatchObject({ code, field: 'customer_ids' });
  });

  it('renders a profile as Square does: absent fields omitted, consent as email_unsubscribed, xref as reference_id', async () => {
    for (const consent of ['GRANTED', 'DENIED', 'UNKNOWN'] as const) {
      const c = pick((x) => x.emailConsent === consent);
      const res = await silo.api(`/v2/customers/${c.id}`);
      const body = (await res.json()) as any;
      valid(body, 'RetrieveCustomerResponse');
      expect(JSON.stringify(body)).not.toContain('null');
      expect(body.customer.preferences).toEqual(consent === 'UNKNOWN' ? undefined : { email_unsubscribed: consent === 'DENIED' });
      expect(body.customer).toMatchObject({ id: c.id, created_at: c.createdAt, updated_at: c.updatedAt, phone_number: c.phone });
      expect(body.customer.reference_id).toBe(c.xref ?? undefined);
    }
  });

  it("answers an unknown id with Square's 404 NOT_FOUND body", async () => {
    const res = await silo.api('/v2/customers/2GYD7WNXF7BJZW1PMGNXZ3Y8M8');
    expect([res.status, await res.json()]).toEqual([404, example('error.404.json')]);
  });

  it('lists every profile once, oldest first, in pages of `limit`, and rejects a limit out of 1..100', async () => {
    const seen = await drain(async (cursor) => {
      const res = await silo.api(`/v2/customers?limit=30&sort_field=CREATED_AT&sort_order=ASC${cursor ? `&cursor=${cursor}` : ''}`);
      const body = (await res.json()) as any;
      valid(body);
      return { items: idsOf(body), next: body.cursor };
    });
    expect(seen).toEqual([...customers()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((c) => c.id));
    const tooBig = await silo.api('/v2/customers?limit=101');
    expect([tooBig.status, firstError((await tooBig.json()) as any)]).toEqual([400, expect.objectContaining({ code: 'VALUE_TOO_HIGH', field: 'limit' })]);
  });
});
