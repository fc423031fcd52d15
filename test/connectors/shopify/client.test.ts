import { describe, expect, it } from 'vitest';
import { SourceBadResponse } from '../../../src/model/index.js';
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
