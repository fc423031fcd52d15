import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceRateLimited, SourceUnavailable } from '../../../src/model/index.js';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { toContactRecord } from '../../../connectors/shopify/mapping.js';
import type { ShopifyCustomer } from '../../../connectors/shopify/schemas.js';
import { CONFIG, TOKEN, failure, fixture, fixtureText, soon } from './helpers.js';
import { useShopifyMock, type MockAnswer, type SeenCall } from './shopify-mock.js';
import { specProblems } from './spec.js';

type Erasure = { data: { customerRequestDataErasure: { customerId: string | null; userErrors: Record<string, unknown>[] } } };
type Customers = { data: { customers: { edges: { node: Record<string, unknown> }[] } } };

const mock = useShopifyMock();
const connector = createShopifyConnector(CONFIG);
const BOB = 'gid://shopify/Customer/544365967';
const accepted = () => fixture<Erasure>('customer-request-data-erasure.response.json');
const doesNotExist = () => fixture<Erasure>('customer-request-data-erasure.user-error.response.json');
/** The user-error example with its one error changed. */
const userError = (changes: Record<string, unknown>) => {
  const body = doesNotExist();
  Object.assign(body.data.customerRequestDataErasure.userErrors[0] ?? {}, changes);
  return body;
};
const bobNode = (changes: Record<string, unknown> = {}) => ({
  ...(fixture<Customers>('customers-by-email.response.json').data.customers.edges[0]?.node as Record<string, unknown>),
  ...changes,
});
const nodes = (...list: (Record<string, unknown> | null)[]): MockAnswer => ({ json: { data: { nodes: list } } });
const bobRecord = () => toContactRecord(bobNode() as ShopifyCustomer, '2025-03-01T10:00:00.000Z');
const expectNoPersonalData = (value: unknown) => {
  for (const leak of ['bob@example.com', 'Bob', 'does not exist', '+13125551212']) expect(JSON.stringify(value)).not.toContain(leak);
};

describe('Shopify eraseRecord against the vendor examples (customerRequestDataErasure)', () => {
  it('sends the vendor example mutation for the gid and reports the accepted request as PENDING_AT_VENDOR with an ids-only receipt', async () => {
    mock.answer(() => ({ json: accepted() }));
    const result = await connector.eraseRecord(BOB, soon());
    expect(result).toEqual({
      state: 'PENDING_AT_VENDOR',
      receipts: [{ operation: 'mutation customerRequestDataErasure', httpStatus: 200, response: { customerId: BOB, userErrorCodes: '' }, at: expect.any(String) }],
    });
    expect(Date.parse(result.receipts[0]?.at ?? '')).not.toBeNaN();
    const [call] = mock.calls;
    expect(call).toMatchObject({ operation: 'customerRequestDataErasure', variables: { customerId: BOB }, token: TOKEN });
    expect(print(parse(call?.query ?? ''))).toBe(print(parse(fixtureText('customer-request-data-erasure.mutation.graphql'))));
    expect(specProblems(call?.query ?? '', call?.variables ?? {}, accepted().data)).toEqual([]);
  });

  it('answers NOT_FOUND for the DOES_NOT_EXIST example, so a re-run after the erasure is done is no error', async () => {
    mock.answer(() => ({ json: doesNotExist() }));
    const result = await connector.eraseRecord(BOB, soon());
    expect(result).toEqual({
      state: 'NOT_FOUND',
      receipts: [{ operation: 'mutation customerRequestDataErasure', httpStatus: 200, response: { customerId: null, userErrorCodes: 'DOES_NOT_EXIST' }, at: expect.any(String) }],
    });
    expectNoPersonalData(result);
  });

  it('throws SourceUnavailable for FAILED_TO_REQUEST so the job retries later', async () => {
    mock.answer(() => ({ json: userError({ code: 'FAILED_TO_REQUEST', message: 'Failed to request customer data erasure.' }) }));
    const error = await failure(connector.eraseRecord(BOB, soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.message).toBe('ECOMMERCE: could not enqueue the erasure (FAILED_TO_REQUEST)');
    expect(mock.calls).toHaveLength(1);
  });

  it('sends the request again after an HTTP 500, since asking twice cannot harm', async () => {
    mock.answer(() => (mock.calls.length === 1 ? { status: 500, json: { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } } : { json: accepted() }));
    expect((await connector.eraseRecord(BOB, soon())).state).toBe('PENDING_AT_VENDOR');
    expect(mock.calls).toHaveLength(2);
  });

  it('turns the throttled example into SourceRateLimited carrying the wait when it outlasts the deadline', async () => {
    mock.answer(() => ({ json: fixture('throttled.response.json') }));
    const error = await failure(connector.eraseRecord(BOB, soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(1720);
  });

  it('refuses malformed or unexpected erasure answers as SourceBadResponse without echoing them', async () => {
    const withoutErrors = accepted() as { data: { customerRequestDataErasure: Record<string, unknown> } };
    delete withoutErrors.data.customerRequestDataErasure.userErrors;
    const cases: [unknown, string][] = [
      [{ data: { customerRequestDataErasure: { customerId: null, userErrors: [] } } }, 'ECOMMERCE: accepted an erasure without naming the customer asked for'],
      [{ data: { customerRequestDataErasure: { customerId: 'gid://shopify/Customer/1', userErrors: [] } } }, 'ECOMMERCE: accepted an erasure without naming the customer asked for'],
      [withoutErrors, 'ECOMMERCE: answered with an unexpected shape at data.customerRequestDataErasure.userErrors'],
      [{ data: { customerRequestDataErasure: null } }, 'ECOMMERCE: answered with an unexpected shape at data.customerRequestDataErasure'],
      [userError({ code: 'bob@example.com is gone' }), 'ECOMMERCE: answered with an unexpected shape at data.customerRequestDataErasure.userErrors.0.code'],
      [userError({ code: 'SOMETHING_NEW' }), 'ECOMMERCE: refused the erasure (SOMETHING_NEW)'],
    ];
    for (const [json, message] of cases) {
      mock.answer(() => ({ json }));
      const error = await failure(connector.eraseRecord(BOB, soon()));
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.message).toBe(message);
      expectNoPersonalData(error.message);
    }
  });

  it('answers NOT_FOUND without a call for an id that cannot name a Shopify customer', async () => {
    expect(await connector.eraseRecord('544365967')).toEqual({ state: 'NOT_FOUND', receipts: [] });
    expect(mock.calls).toHaveLength(0);
  });
});

describe('Shopify recordPresence (nodes read)', () => {
  it('says PRESENT for the example customer, GONE for a null node and GONE for a customer Shopify left REDACTED', async () => {
    mock.answer(() => nodes(bobNode()));
    expect(await connector.recordPresence(BOB, soon())).toBe('PRESENT');
    expect(mock.calls[0]).toMatchObject({ operation: 'CustomersByIds', variables: { ids: [BOB] } });
    mock.answer(() => nodes(null));
    expect(await connector.recordPresence(BOB, soon())).toBe('GONE');
    mock.answer(() => nodes(bobNode({ email: null, emailMarketingConsent: { marketingState: 'REDACTED', consentUpdatedAt: null } })));
    expect(await connector.recordPresence(BOB, soon())).toBe('GONE');
  });

  it('refuses a nodes answer about another customer or with a node count other than asked', async () => {
    for (const answer of [nodes(bobNode({ id: 'gid://shopify/Customer/1' })), nodes(), nodes(null, null)]) {
      mock.answer(() => answer);
      expect(await failure(connector.recordPresence(BOB, soon()))).toBeInstanceOf(SourceBadResponse);
    }
  });
});

// No vendor example exists for this mutation: these answers are constructed, and checked against the project's SDL copy.
const consentAnswer = (customer: Record<string, unknown> | null, userErrors: Record<string, unknown>[] = []) => ({
  data: { customerEmailMarketingConsentUpdate: { customer, userErrors } },
});
const written = (marketingState: string, id = BOB) => consentAnswer({ id, emailMarketingConsent: { marketingState, consentUpdatedAt: '2025-03-01T10:00:00Z' } });
const refused = consentAnswer(null, [{ field: ['input', 'emailMarketingConsent'], message: 'bob@example.com cannot be updated', code: 'INVALID' }]);
const consentCalls = () => mock.calls.filter((c: SeenCall) => c.operation === 'customerEmailMarketingConsentUpdate');

describe('Shopify writeEmailConsent (customerEmailMarketingConsentUpdate)', () => {
  it('writes a grant as SUBSCRIBED with SINGLE_OPT_IN and a withdrawal as UNSUBSCRIBED, reporting WRITTEN with the state Shopify recorded', async () => {
    mock.answer((call) => ({ json: written((call.variables.input as { emailMarketingConsent: { marketingState: string } }).emailMarketingConsent.marketingState) }));
    expect(await connector.writeEmailConsent(bobRecord(), 'GRANTED', soon())).toEqual({
      state: 'WRITTEN',
      detail: 'email marketing SUBSCRIBED',
      receipts: [{ operation: 'mutation customerEmailMarketingConsentUpdate', httpStatus: 200, response: { customerId: BOB, marketingState: 'SUBSCRIBED' }, at: expect.any(String) }],
    });
    expect((await connector.writeEmailConsent(bobRecord(), 'DENIED', soon())).state).toBe('WRITTEN');
    const [grant, withdrawal] = mock.calls;
    expect(grant?.variables).toEqual({
      input: { customerId: BOB, emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: expect.any(String) } },
    });
    expect(withdrawal?.variables).toEqual({ input: { customerId: BOB, emailMarketingConsent: { marketingState: 'UNSUBSCRIBED', consentUpdatedAt: expect.any(String) } } });
    for (const call of [grant, withdrawal]) expect(specProblems(call?.query ?? '', call?.variables ?? {}, written('SUBSCRIBED').data, 'project')).toEqual([]);
    expect(specProblems(grant?.query ?? '', grant?.variables ?? {}, refused.data, 'project')).toEqual([]);
  });

  it('reports user errors as REFUSED with their codes and input fields, never their message, while the customer is there', async () => {
    mock.answer((call) => (call.operation === 'CustomersByIds' ? nodes(bobNode()) : { json: refused }));
    const result = await connector.writeEmailConsent(bobRecord(), 'GRANTED', soon());
    expect(result).toEqual({
      state: 'REFUSED',
      detail: 'Shopify refused the update: INVALID at input.emailMarketingConsent',
      receipts: [{ operation: 'mutation customerEmailMarketingConsentUpdate', httpStatus: 200, response: { customerId: BOB, userErrorCodes: 'INVALID' }, at: expect.any(String) }],
    });
    expectNoPersonalData(result);
    expect(consentCalls()).toHaveLength(1);
  });

  it('reports NOT_FOUND when Shopify refuses and a read shows the customer is gone (the mutation has no not-found code)', async () => {
    mock.answer((call) => (call.operation === 'CustomersByIds' ? nodes(null) : { json: refused }));
    const result = await connector.writeEmailConsent(bobRecord(), 'DENIED', soon());
    expect(result).toMatchObject({ state: 'NOT_FOUND', receipts: [{ response: { customerId: BOB, userErrorCodes: 'INVALID' } }] });
  });

  it('reports REFUSED when Shopify records another state than the one asked for', async () => {
    mock.answer(() => ({ json: written('PENDING') }));
    expect(await connector.writeEmailConsent(bobRecord(), 'GRANTED', soon())).toMatchObject({
      state: 'REFUSED',
      detail: 'Shopify recorded PENDING instead of SUBSCRIBED',
      receipts: [{ response: { customerId: BOB, marketingState: 'PENDING' } }],
    });
  });

  it('refuses malformed consent answers as SourceBadResponse', async () => {
    const cases: [unknown, string][] = [
      [consentAnswer(null), 'ECOMMERCE: updated consent without naming the customer asked for'],
      [written('SUBSCRIBED', 'gid://shopify/Customer/1'), 'ECOMMERCE: updated consent without naming the customer asked for'],
      [written('subscribed by bob@example.com'), 'ECOMMERCE: answered with an unexpected shape at data.customerEmailMarketingConsentUpdate.customer.emailMarketingConsent.marketingState'],
      [{ data: { customerEmailMarketingConsentUpdate: { customer: null } } }, 'ECOMMERCE: answered with an unexpected shape at data.customerEmailMarketingConsentUpdate.userErrors'],
    ];
    for (const [json, message] of cases) {
      mock.answer(() => ({ json }));
      const error = await failure(connector.writeEmailConsent(bobRecord(), 'GRANTED', soon()));
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.message).toBe(message);
      expectNoPersonalData(error.message);
    }
  });

  it('answers NOT_FOUND without a call for a record whose id is not a Shopify customer gid', async () => {
    const record = { ...bobRecord(), provenance: { ...bobRecord().provenance, recordId: '51' } };
    expect(await connector.writeEmailConsent(record, 'GRANTED')).toEqual({ state: 'NOT_FOUND', detail: 'not a Shopify customer id', receipts: [] });
    expect(mock.calls).toHaveLength(0);
  });
});
