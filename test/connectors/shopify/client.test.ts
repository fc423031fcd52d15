import { describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceUnauthorized } from '../../../src/model/index.js';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { CONFIG, failure, soon } from './support.js';
import { useShopifyMock } from './support-mock.js';

const mock = useShopifyMock();
const connector = createShopifyConnector(CONFIG);
const find = () => connector.findContacts([{ kind: 'email', value: 'bob@example.com' }], soon());

// Typed errors, throttling and every vendor failure the connectors share are asserted by the contract suite (contract.test.ts).
describe('Shopify GraphQL answers that carry no data', () => {
  it('turns GraphQL errors (an invalid query, a cost cap) into SourceBadResponse naming the codes, never the message', async () => {
    const errors = [{ message: "Field 'bogus' doesn't exist on type 'Customer'", extensions: { code: 'undefinedField' } }];
    mock.answer(() => ({ json: { errors } }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toBe('ECOMMERCE: answered with GraphQL errors (undefinedField)');
    expect(mock.calls).toHaveLength(1);
    mock.answer(() => ({ json: { data: null } }));
    expect(await failure(find())).toBeInstanceOf(SourceBadResponse);
  });
});

describe('Shopify refusing a token short of a scope', () => {
  it('turns ACCESS_DENIED inside a 200 into SourceUnauthorized, sent once, naming the code and not the scope text', async () => {
    // Shopify's answer to a query for a field the app's scopes do not cover.
    const errors = [{
      message: 'Access denied for customers field. Required access: `read_customers` access scope.',
      locations: [{ line: 2, column: 3 }],
      extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: '`read_customers` access scope.' },
    }];
    mock.answer(() => ({ json: { errors, data: null } }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceUnauthorized);
    expect(error.code).toBe('SOURCE_UNAUTHORIZED');
    expect(error.message).toBe('ECOMMERCE: refused our credentials (ACCESS_DENIED)');
    expect(mock.calls).toHaveLength(1);
  });
});
