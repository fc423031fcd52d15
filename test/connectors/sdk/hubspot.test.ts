import { Client } from '@hubspot/api-client';
import { ApiException as PreferencesApiException } from '@hubspot/api-client/lib/codegen/communication_preferences/apis/exception.js';
import { ApiException } from '@hubspot/api-client/lib/codegen/crm/contacts/apis/exception.js';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter.js';
import type { PublicSubscriptionStatus } from '@hubspot/api-client/lib/codegen/communication_preferences/models/PublicSubscriptionStatus.js';
import type { PublicSubscriptionStatusesResponse } from '@hubspot/api-client/lib/codegen/communication_preferences/models/PublicSubscriptionStatusesResponse.js';
import type { AssociationSpecWithLabel } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpecWithLabel.js';
import type { BatchResponsePublicAssociationMultiWithLabel } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/BatchResponsePublicAssociationMultiWithLabel.js';
import type { MultiAssociatedObjectWithLabel } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/MultiAssociatedObjectWithLabel.js';
import type { PublicAssociationMultiWithLabel } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/PublicAssociationMultiWithLabel.js';
import type { BatchResponseSimplePublicObject } from '@hubspot/api-client/lib/codegen/crm/contacts/models/BatchResponseSimplePublicObject.js';
import type { CollectionResponseWithTotalSimplePublicObjectForwardPaging } from '@hubspot/api-client/lib/codegen/crm/contacts/models/CollectionResponseWithTotalSimplePublicObjectForwardPaging.js';
import type { SimplePublicObject } from '@hubspot/api-client/lib/codegen/crm/contacts/models/SimplePublicObject.js';
import type { StandardError } from '@hubspot/api-client/lib/codegen/crm/contacts/models/StandardError.js';
import { PublicUpdateSubscriptionStatusRequestLegalBasisEnum } from '@hubspot/api-client/lib/codegen/communication_preferences/models/PublicUpdateSubscriptionStatusRequest.js';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS } from '../../../connectors/hubspot/index.js';
import { CONTACT_PROPERTIES } from '../../../connectors/hubspot/limits.js';
import { generateWorld, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { specs } from '../hubspot/support.js';
import { useSandboxVendor } from '../support/sandbox-vendor.js';
import { loopbackOnly } from './loopback-only.js';
import { deleteWithEmptyJson, expectKeys, rejection, requiredKeysOf } from './support.js';

// The connector's own operations (connectors/hubspot/client.ts), sent through HubSpot's official Node SDK.
loopbackOnly();
const world = generateWorld({ seed: 16, people: 120 });
const sandbox = useSandboxVendor(() => createHubSpotSandbox(world));
const properties = [...CONTACT_PROPERTIES];
const { accessToken } = HUBSPOT_SANDBOX_CREDENTIALS;
let hubspot: Client;

beforeAll(() => {
  hubspot = new Client({ accessToken, basePath: sandbox.url(), numberOfApiCallRetries: 0 });
});
beforeEach(() => sandbox.faults({}));

const contacts = world.hubspot.contacts;
const byId = new Map(contacts.map((c) => [c.id, c]));
const withEmail = contacts.filter((c) => c.email !== null);
const fold = (email: string | null) => email?.trim().toLowerCase() ?? '';

// The attributes each HubSpot model the connector reads requires (the compiler keeps the lists equal to the SDK's types).
const KEYS = {
  contact: requiredKeysOf<SimplePublicObject>()(['createdAt', 'id', 'properties', 'updatedAt']),
  batch: requiredKeysOf<BatchResponseSimplePublicObject>()(['completedAt', 'startedAt', 'results', 'status']),
  search: requiredKeysOf<CollectionResponseWithTotalSimplePublicObjectForwardPaging>()(['total', 'results']),
  error: requiredKeysOf<StandardError>()(['context', 'links', 'category', 'message', 'errors', 'status']),
  associations: requiredKeysOf<BatchResponsePublicAssociationMultiWithLabel>()(['completedAt', 'startedAt', 'results', 'status']),
  association: requiredKeysOf<PublicAssociationMultiWithLabel>()(['_from', 'to']),
  target: requiredKeysOf<MultiAssociatedObjectWithLabel>()(['associationTypes', 'toObjectId']),
  type: requiredKeysOf<AssociationSpecWithLabel>()(['typeId', 'category']),
  statuses: requiredKeysOf<PublicSubscriptionStatusesResponse>()(['recipient', 'subscriptionStatuses']),
  status: requiredKeysOf<PublicSubscriptionStatus>()(['name', 'description', 'id', 'status', 'sourceOfStatus']),
};

/** What the SDK must have parsed out of a contact the sandbox holds: id, the properties asked for, real dates. */
function expectContact(parsed: SimplePublicObject | undefined, c: WorldContact) {
  expectKeys(parsed, KEYS.contact);
  expect(parsed).toMatchObject({ id: c.id, archived: false });
  expect(parsed?.createdAt).toEqual(new Date(c.createdAt));
  expect(parsed?.updatedAt).toEqual(new Date(c.updatedAt));
  const expected = {
    hs_object_id: c.id, firstname: c.firstName, lastname: c.lastName, email: c.email, phone: c.phone, zip: c.postalCode,
    company: c.company, jobtitle: c.jobTitle, lifecyclestage: c.lifecycleStage, hs_lead_status: c.leadStatus,
  };
  // The sandbox leaves an unset property out; HubSpot's model types a property `string | null`.
  const held = Object.fromEntries(Object.keys(expected).map((name) => [name, parsed?.properties[name] ?? null]));
  expect(held).toEqual(expected);
}

/** The SDK's error: the typed ApiException of the module that made the call (each module has its own class). */
const apiError = (call: Promise<unknown>, type: typeof ApiException | typeof PreferencesApiException = ApiException) =>
  rejection<ApiException<unknown>>(call, type);

/** The SDK's error body, parsed: it carries the JSON the sandbox sent as a string. */
const bodyOf = (error: ApiException<unknown>) => (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as Record<string, unknown>;

describe('HubSpot SDK (@hubspot/api-client) against the sandbox', () => {
  it('batch-reads contacts by id, with the ids the sandbox lacks as a 207 with errors', async () => {
    const ids = contacts.slice(0, 20).map((c) => c.id);
    const answer = await hubspot.crm.contacts.batchApi.read({ inputs: [...ids, '999999999'].map((id) => ({ id })), properties, propertiesWithHistory: [] });
    expectKeys(answer, KEYS.batch);
    expect(answer.status).toBe('COMPLETE');
    expect(answer.startedAt).toBeInstanceOf(Date);
    expect(answer.completedAt.getTime()).not.toBeNaN();
    expect(answer.results.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const parsed of answer.results) expectContact(parsed, byId.get(parsed.id)!);
    expect('numErrors' in answer && answer.numErrors).toBe(1);
    expectKeys('errors' in answer ? answer.errors?.[0] : undefined, KEYS.error);
    expect('errors' in answer && answer.errors?.[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['999999999'] } });
  });

  it('batch-reads contacts by email (idProperty)', async () => {
    const wanted = withEmail.slice(0, 10);
    const answer = await hubspot.crm.contacts.batchApi.read({ inputs: wanted.map((c) => ({ id: fold(c.email) })), idProperty: 'email', properties, propertiesWithHistory: [] });
    expect(answer.results.map((r) => r.id).sort()).toEqual(wanted.map((c) => c.id).sort());
  });

  it('searches by IN filters in id order and pages with the cursor it parsed', async () => {
    const emails = [...new Set(withEmail.slice(0, 30).map((c) => fold(c.email)))];
    const found: SimplePublicObject[] = [];
    let after: string | undefined = '0';
    for (let page = 0; after !== undefined && page < 20; page++) {
      const answer = await hubspot.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'email', operator: FilterOperatorEnum.In, values: emails }] }],
        properties, sorts: ['hs_object_id'], limit: 7, after,
      });
      expectKeys(answer, KEYS.search);
      expect(answer.total).toBe(contacts.filter((c) => emails.includes(fold(c.email))).length);
      found.push(...answer.results);
      after = answer.paging?.next?.after;
    }
    const expected = contacts.filter((c) => emails.includes(fold(c.email))).map((c) => c.id).sort((a, b) => Number(a) - Number(b));
    expect(found.map((c) => c.id)).toEqual(expected);
    for (const parsed of found) expectContact(parsed, byId.get(parsed.id)!);
  });

  it('searches by name tokens (CONTAINS_TOKEN) and by family name and postal code (IN × IN)', async () => {
    const named = contacts.find((c) => c.lastName && c.postalCode)!;
    const byToken = await hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'lastname', operator: FilterOperatorEnum.ContainsToken, value: `${named.lastName!.toLowerCase()}*` }] }],
      properties, sorts: ['hs_object_id'], limit: 100, after: '0',
    });
    expect(byToken.results.map((c) => c.id)).toContain(named.id);
    const family = await hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [
        { propertyName: 'lastname', operator: FilterOperatorEnum.In, values: [named.lastName!.toLowerCase()] },
        { propertyName: 'zip', operator: FilterOperatorEnum.In, values: [named.postalCode!.toLowerCase()] },
      ] }],
      properties, sorts: ['hs_object_id'], limit: 100, after: '0',
    });
    expect(family.results.map((c) => c.id)).toContain(named.id);
    for (const parsed of family.results) expectContact(parsed, byId.get(parsed.id)!);
  });

  it('lists every contact in id order, page by page, with the cursor it parsed', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await hubspot.crm.contacts.basicApi.getPage(50, after, properties);
      for (const parsed of answer.results) expectContact(parsed, byId.get(parsed.id)!);
      seen.push(...answer.results.map((c) => c.id));
      after = answer.paging?.next?.after;
      if (after === undefined) break;
    }
    expect(seen).toEqual(contacts.map((c) => c.id).sort((a, b) => Number(a) - Number(b)));
  });

  it('reads one contact by id and by email, and a missing one as ApiException 404', async () => {
    const c = withEmail[3]!;
    expectContact(await hubspot.crm.contacts.basicApi.getById(c.id, properties), c);
    expectContact(await hubspot.crm.contacts.basicApi.getById(fold(c.email), properties, undefined, undefined, false, 'email'), c);
    const missing = await apiError(hubspot.crm.contacts.basicApi.getById('999999999', properties));
    expect(missing.code).toBe(404);
    expect(bodyOf(missing)).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('batch-reads the companies and deals of contacts (v4), those without any as errors, and pages one contact\'s associations', async () => {
    const ids = contacts.map((c) => c.id);
    for (const to of ['companies', 'deals'] as const) {
      const answer = await hubspot.crm.associations.v4.batchApi.getPage('contacts', to, { inputs: ids.map((id) => ({ id })) });
      expectKeys(answer, KEYS.associations);
      expect(answer.status).toBe('COMPLETE');
      // The generated world holds companies but no deals: every contact's deals come back as an error of the 207.
      expect(answer.results.length > 0).toBe(to === 'companies');
      const without = 'errors' in answer ? (answer.errors ?? []).flatMap((e) => e.context?.ids ?? []) : [];
      expect([...answer.results.map((r) => r._from.id), ...without].sort()).toEqual([...ids].sort());
      for (const result of answer.results.slice(0, 5)) {
        expectKeys(result, KEYS.association);
        for (const target of result.to) {
          expectKeys(target, KEYS.target);
          for (const type of target.associationTypes) expectKeys(type, KEYS.type);
          expect(target.toObjectId).toMatch(/^\d+$/);
          expect(target.associationTypes.length).toBeGreaterThan(0);
        }
        // One association a page, so the SDK's parsed cursor is what reaches the rest.
        const paged: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 50; page++) {
          const one = await hubspot.crm.associations.v4.basicApi.getPage('contacts', result._from.id, to, after, 1);
          paged.push(...one.results.map((r) => r.toObjectId));
          after = one.paging?.next?.after;
          if (after === undefined) break;
        }
        expect(paged.sort()).toEqual(result.to.map((t) => t.toObjectId).sort());
      }
    }
  });

  it('reads, grants and withdraws email consent through communication preferences', async () => {
    const email = fold(withEmail[5]!.email);
    const status = await hubspot.communicationPreferences.statusApi.getEmailStatus(email);
    expectKeys(status, KEYS.statuses);
    for (const s of status.subscriptionStatuses) expectKeys(s, KEYS.status);
    expect(status.recipient).toBe(email);
    expect(status.subscriptionStatuses.map((s) => s.id)).toContain('1133224');
    for (const s of status.subscriptionStatuses) expect(s).toMatchObject({ name: expect.any(String), status: expect.stringMatching(/^(NOT_)?SUBSCRIBED$/), sourceOfStatus: expect.any(String) });

    const granted = await hubspot.communicationPreferences.statusApi.subscribe({
      emailAddress: email, subscriptionId: '1133224', legalBasis: PublicUpdateSubscriptionStatusRequestLegalBasisEnum.ConsentWithNotice,
      legalBasisExplanation: 'Consent recorded through the Customer 360 privacy operations',
    });
    expectKeys(granted, KEYS.status);
    expect(granted).toMatchObject({ id: '1133224', status: 'SUBSCRIBED', legalBasis: 'CONSENT_WITH_NOTICE', sourceOfStatus: 'SUBSCRIPTION_STATUS' });

    // 13.5.0 has no typed v4 communication-preferences API: the SDK's own raw call sends it, HubSpot's spec checks the answer.
    const res = await hubspot.apiRequest({ method: 'POST', path: `/communication-preferences/v4/statuses/${encodeURIComponent(email)}/unsubscribe-all`, qs: { channel: 'EMAIL' } });
    expect(res.status).toBe(200);
    const withdrawn = (await res.json()) as { status: string; results: Array<{ status: string }> };
    expect(specs.preferenceWrites.problems('ActionResponseWithResultsPublicStatus', withdrawn)).toEqual([]);
    expect(withdrawn.status).toBe('COMPLETE');
    expect(withdrawn.results.every((r) => r.status === 'UNSUBSCRIBED')).toBe(true);

    const refused = await apiError(hubspot.communicationPreferences.statusApi.subscribe({
      emailAddress: email, subscriptionId: '1133224', legalBasis: PublicUpdateSubscriptionStatusRequestLegalBasisEnum.ConsentWithNotice, legalBasisExplanation: 'again',
    }), PreferencesApiException);
    expect(refused.code).toBe(400);
    const after = await hubspot.communicationPreferences.statusApi.getEmailStatus(email);
    expect(after.subscriptionStatuses.every((s) => s.status === 'NOT_SUBSCRIBED')).toBe(true);
  });

  it('GDPR-deletes a contact by id and by email, and answers an unknown one with ApiException 404', async () => {
    const [first, second] = [withEmail[10]!, withEmail[11]!];
    await expect(hubspot.crm.contacts.basicApi.purge({ objectId: first.id })).resolves.toBeUndefined();
    await expect(hubspot.crm.contacts.basicApi.purge({ objectId: fold(second.email), idProperty: 'email' })).resolves.toBeUndefined();
    for (const gone of [first, second]) expect((await apiError(hubspot.crm.contacts.basicApi.getById(gone.id, properties))).code).toBe(404);
    expect((await apiError(hubspot.crm.contacts.basicApi.purge({ objectId: '999999999' }))).code).toBe(404);
  });

  it('answers throttling with ApiException 429 and HubSpot\'s rate-limit body', async () => {
    await sandbox.faults({ rateLimitRate: 1 });
    const throttled = await apiError(hubspot.crm.contacts.basicApi.getById(contacts[0]!.id, properties));
    expect(throttled.code).toBe(429);
    expect(bodyOf(throttled)).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT' });
  });

  it('refuses a wrong token with ApiException 401', async () => {
    const stranger = new Client({ accessToken: 'pat-na1-not-the-sandbox-token', basePath: sandbox.url(), numberOfApiCallRetries: 0 });
    const refused = await apiError(stranger.crm.contacts.basicApi.getById(contacts[0]!.id, properties));
    expect(refused.code).toBe(401);
    expect(bodyOf(refused)).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
  });

  it('answers a body-less DELETE sent with Content-Type: application/json as one without it', async () => {
    const path = `/crm/v3/objects/contacts/${contacts[0]!.id}`;
    const headers = { Authorization: `Bearer ${accessToken}` };
    const [withType, without] = await Promise.all([deleteWithEmptyJson(sandbox.url() + path, headers), fetch(sandbox.url() + path, { method: 'DELETE', headers })]);
    expect(withType.status).toBe(without.status);
    expect(withType.status).not.toBe(400);
  });
});
