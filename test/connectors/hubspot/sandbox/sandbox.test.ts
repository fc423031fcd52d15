import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS } from '../../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from '../../../../connectors/sandbox-kit/index.js';
import { createHeldClock } from '../../../support/held-clock.js';
import { fixture, specs } from '../support.js';

const world = generateWorld({ seed: 42, people: 200 });
const contacts = world.hubspot.contacts;
let sandbox: RunningSandbox;
const auth = { Authorization: `Bearer ${HUBSPOT_SANDBOX_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' };

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers ?? auth,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
const search = (body: unknown) => call('/crm/v3/objects/contacts/search', { body });

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(() => fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', headers: auth, body: '{}' }));

describe('HubSpot sandbox wire format', () => {
  it('pages the whole contact list in id order with the after cursor, bodies valid per the spec', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await call(`/crm/v3/objects/contacts?limit=100&properties=email,phone${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      expect(specs.contacts.problems('CollectionResponseSimplePublicObjectWithAssociationsForwardPaging', page.body)).toEqual([]);
      seen.push(...page.body.results.map((c: { id: string }) => c.id));
      after = page.body.paging?.next?.after;
    } while (after);
    expect(seen).toEqual(contacts.map((c) => c.id).sort((a, b) => Number(a) - Number(b)));
  });

  it('serves the properties asked for, as strings, with stored values kept exactly', async () => {
    const target = contacts.find((c) => c.email !== c.email?.trim() && c.xref !== null) ?? contacts.find((c) => c.email !== c.email?.trim());
    const one = await call(`/crm/v3/objects/contacts/${target?.id}?properties=email,shopify_customer_id,hs_email_optout,country,hs_country_region_code&associations=companies`);
    expect(specs.contacts.problems('SimplePublicObjectWithAssociations', one.body)).toEqual([]);
    expect(one.body.properties.email).toBe(target?.email);
    expect(one.body.properties.hs_email_optout).toBe(target?.emailConsent === 'DENIED' ? 'true' : 'false');
    expect(Object.keys(one.body.properties)).toEqual(expect.arrayContaining(['createdate', 'lastmodifieddate', 'hs_object_id']));
    expect(Object.values(one.body.properties).every((v) => typeof v === 'string')).toBe(true);
  });

  it('finds a contact by email with idProperty, case and white space ignored, and 404s an unknown one', async () => {
    const target = contacts.find((c) => c.email && c.email !== c.email.trim().toLowerCase());
    const normalised = encodeURIComponent(target?.email?.trim().toLowerCase() ?? '');
    const found = await call(`/crm/v3/objects/contacts/${normalised}?idProperty=email`);
    expect(found.body.id).toBe(target?.id);
    const missing = await call('/crm/v3/objects/contacts/999999999');
    expect(missing.status).toBe(404);
    expect(specs.contacts.problems('Error', missing.body)).toEqual([]);
  });

  it('answers a batch read of known ids with 200 and of some unknown ids with a 207 listing them', async () => {
    const ids = contacts.slice(0, 3).map((c) => c.id);
    const ok = await call('/crm/v3/objects/contacts/batch/read', { body: { inputs: ids.map((id) => ({ id })), properties: ['email'], propertiesWithHistory: [] } });
    expect(ok.status).toBe(200);
    expect(specs.contacts.problems('BatchResponseSimplePublicObject', ok.body)).toEqual([]);
    const partial = await call('/crm/v3/objects/contacts/batch/read', { body: fixture('contacts-batch-read.request.json') });
    expect(partial.status).toBe(207);
    expect(specs.contacts.problems('BatchResponseSimplePublicObjectWithErrors', partial.body)).toEqual([]);
    expect(partial.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['alex.rivera@example.com', 'mei.tan@example.org'] } });
  });

  it('rejects a batch read of more than 100 inputs, or without its required fields, with a VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i) }));
    for (const body of [{ inputs, properties: [], propertiesWithHistory: [] }, { inputs: [{ id: '1' }] }, '{"inputs": [']) {
      const res = await call('/crm/v3/objects/contacts/batch/read', { body });
      expect(res.status).toBe(400);
      expect(res.body.category).toBe('VALIDATION_ERROR');
      expect(specs.contacts.problems('Error', res.body)).toEqual([]);
    }
  });

  it('matches email search case-insensitively ignoring white space and returns the stored variant', async () => {
    const target = contacts.find((c) => c.email && c.email !== c.email.trim().toLowerCase());
    const value = target?.email?.trim().toLowerCase() ?? '';
    for (const operator of ['EQ', 'IN']) {
      const filter = operator === 'EQ' ? { propertyName: 'email', operator, value: ` ${value.toUpperCase()} ` } : { propertyName: 'email', operator, values: [value] };
      const res = await search({ filterGroups: [{ filters: [filter] }], properties: ['email'], limit: 10 });
      expect(specs.contacts.problems('CollectionResponseWithTotalSimplePublicObject', res.body)).toEqual([]);
      expect(res.body.results.map((c: { id: string }) => c.id)).toContain(target?.id);
      expect(res.body.results.find((c: { id: string }) => c.id === target?.id).properties.email).toBe(target?.email);
    }
  });

  it('treats search syntax in filter values literally', async () => {
    for (const value of ['*', 'a@b.com OR email:*', '"', '\\', '()']) {
      const res = await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: [value] }] }] });
      expect(res.body.total).toBe(0);
    }
  });

  it('computes hs_calculated_phone_number as E.164 of valid phones in the contact\'s country', async () => {
    const target = contacts.find((c) => c.phone && c.countryCode === 'US' && !c.phone.startsWith('+'));
    const e164 = `+1${target?.phone?.replace(/\D/g, '')}`;
    const res = await search({ filterGroups: [{ filters: [{ propertyName: 'hs_calculated_phone_number', operator: 'EQ', value: e164 }] }], properties: ['phone', 'hs_calculated_phone_number'] });
    const hit = res.body.results.find((c: { id: string }) => c.id === target?.id);
    expect(hit.properties).toMatchObject({ phone: target?.phone, hs_calculated_phone_number: e164 });
  });

  it('pages a search with after offsets and reports the total', async () => {
    const all = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }], limit: 200 };
    const first = await search(all);
    expect(first.body.total).toBe(contacts.filter((c) => c.email).length);
    expect(first.body.results).toHaveLength(Math.min(200, first.body.total));
    expect(first.body.paging?.next?.after).toBe(first.body.total > 200 ? '200' : undefined);
    const sorted = first.body.results.map((c: { id: string }) => Number(c.id));
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
  });

  it.each([
    ['6 filter groups', { filterGroups: Array.from({ length: 6 }, () => ({ filters: [{ propertyName: 'email', operator: 'EQ', value: 'x' }] })) }],
    ['11 filters in a group', { filterGroups: [{ filters: Array.from({ length: 11 }, () => ({ propertyName: 'email', operator: 'EQ', value: 'x' })) }] }],
    ['26 filters in all', { filterGroups: Array.from({ length: 5 }, (_, i) => ({ filters: Array.from({ length: i === 0 ? 6 : 5 }, () => ({ propertyName: 'email', operator: 'EQ', value: 'x' })) })) }],
    ['101 IN values', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: Array.from({ length: 101 }, (_, i) => `${i}@x`) }] }] }],
    ['an IN without values', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN' }] }] }],
    ['an unknown operator', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] }],
    ['a limit of 201', { limit: 201 }],
    ['an after that is no cursor', { after: 'abc' }],
  ])('rejects a search with %s with HubSpot\'s 400 VALIDATION_ERROR', async (_what, body) => {
    const res = await search(body);
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
    expect(specs.contacts.problems('Error', res.body)).toEqual([]);
  });

  it('serves v4 associations, one company per distinct company name, deals empty', async () => {
    const withCompany = contacts.filter((c) => c.company !== null).slice(0, 2);
    const single = await call(`/crm/v4/objects/contacts/${withCompany[0]?.id}/associations/companies`);
    expect(specs.associations.problems('CollectionResponseMultiAssociatedObjectWithLabelForwardPaging', single.body)).toEqual([]);
    expect(single.body.results).toHaveLength(1);
    const ids = [...withCompany.map((c) => c.id), '999999999'];
    const batch = await call('/crm/v4/associations/contacts/companies/batch/read', { body: { inputs: ids.map((id) => ({ id })) } });
    expect(batch.status).toBe(207);
    expect(specs.associations.problems('BatchResponsePublicAssociationMultiWithLabelWithErrors', batch.body)).toEqual([]);
    expect(batch.body.results.map((r: { from: { id: string } }) => r.from.id)).toEqual(withCompany.map((c) => c.id));
    const sameName = contacts.filter((c) => c.company === withCompany[0]?.company).map((c) => c.id);
    const again = await call('/crm/v4/associations/contacts/companies/batch/read', { body: { inputs: sameName.map((id) => ({ id })) } });
    expect(new Set(again.body.results.map((r: { to: Array<{ toObjectId: string }> }) => r.to[0]?.toObjectId)).size).toBe(1);
    const deals = await call(`/crm/v4/objects/contacts/${withCompany[0]?.id}/associations/deals`);
    expect(deals.body.results).toEqual([]);
    const tooMany = await call('/crm/v4/associations/contacts/companies/batch/read', { body: { inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })) } });
    expect(tooMany.status).toBe(400);
  });

  it('serves subscription statuses that agree with the contact\'s consent', async () => {
    const denied = contacts.find((c) => c.emailConsent === 'DENIED' && c.email);
    const granted = contacts.find((c) => c.emailConsent === 'GRANTED' && c.email);
    const statusOf = (email: string | null | undefined) => call(`/communication-preferences/v3/status/email/${encodeURIComponent(email?.trim() ?? '')}`);
    const no = await statusOf(denied?.email);
    const yes = await statusOf(granted?.email);
    expect(specs.preferences.problems('PublicSubscriptionStatusesResponse', no.body)).toEqual([]);
    expect(specs.preferences.problems('PublicSubscriptionStatusesResponse', yes.body)).toEqual([]);
    expect(no.body.subscriptionStatuses.every((s: { status: string }) => s.status === 'NOT_SUBSCRIBED')).toBe(true);
    expect(yes.body.subscriptionStatuses.some((s: { status: string }) => s.status === 'SUBSCRIBED')).toBe(true);
  });
});

describe('HubSpot sandbox refusals', () => {
  it.each([
    ['no token', { 'Content-Type': 'application/json' }],
    ['a wrong token', { Authorization: 'Bearer pat-na1-wrong', 'Content-Type': 'application/json' }],
  ])('answers %s with 401 INVALID_AUTHENTICATION and the rate-limit headers', async (_what, headers) => {
    const res = await call('/crm/v3/objects/contacts', { headers });
    expect(res.status).toBe(401);
    expect(res.body.category).toBe('INVALID_AUTHENTICATION');
    expect(specs.contacts.problems('Error', res.body)).toEqual([]);
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('100');
  });

  it('sends the rate-limit headers on every answer', async () => {
    const res = await call('/crm/v3/objects/contacts?limit=1');
    for (const name of ['daily', 'daily-remaining', 'interval-milliseconds', 'max', 'remaining']) {
      expect(Number(res.headers.get(`x-hubspot-ratelimit-${name}`))).toBeGreaterThanOrEqual(0);
    }
    expect(res.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
  });

  it('answers the rate-limit fault with HubSpot\'s documented 429 body', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', headers: auth, body: JSON.stringify({ rateLimitRate: 1 }) });
    const res = await call('/crm/v3/objects/contacts');
    expect(res.status).toBe(429);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(fixture('error.429.json')).sort());
    expect(res.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    expect(res.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
  });

  it('answers an unknown path with a HubSpot error body', async () => {
    const res = await call('/crm/v3/objects/nope/1/2');
    expect(res.status).toBe(404);
    expect(specs.contacts.problems('Error', res.body)).toEqual([]);
  });
});

describe('HubSpot sandbox with rate limits enforced', () => {
  let limited: RunningSandbox;
  // The windows roll by a held clock: requests count as sent at one instant however slowly a busy machine sends them.
  const clock = createHeldClock();
  beforeAll(async () => {
    limited = await startSandbox(createHubSpotSandbox(world, { rateLimits: { tenSecondly: 3, searchPerSecond: 2 }, now: clock.now }), { port: 0 });
  });
  afterAll(() => limited.close());
  // Each test starts on empty windows: ten seconds empty both the rolling and the per-second one.
  beforeEach(() => clock.tick(10_000));
  const hit = (path: string, body?: unknown) =>
    fetch(`${limited.url}${path}`, { method: body ? 'POST' : 'GET', headers: auth, body: body ? JSON.stringify(body) : undefined });

  it('answers the fourth request in ten seconds with a TEN_SECONDLY_ROLLING 429, search exempt', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await hit('/crm/v3/objects/contacts?limit=1')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await hit('/crm/v3/objects/contacts?limit=1');
    expect(await refused.json()).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(refused.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect((await hit('/crm/v3/objects/contacts/search', {})).status).toBe(200);
  });

  it('answers searches beyond the per-second limit with a SECONDLY 429', async () => {
    const answers = await Promise.all([0, 1, 2, 3].map(() => hit('/crm/v3/objects/contacts/search', { limit: 1 })));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(await refused[0]?.json()).toMatchObject({ policyName: 'SECONDLY' });
  });
});
