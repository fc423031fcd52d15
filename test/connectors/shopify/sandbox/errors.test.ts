import { describe, expect, it } from 'vitest';
import { SHOPIFY_SANDBOX_CREDENTIALS } from '../../../../connectors/shopify/index.js';
import { UNAUTHORIZED_BODY } from '../support.js';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const json = { 'content-type': 'application/json' };
const token = { 'x-shopify-access-token': SHOPIFY_SANDBOX_CREDENTIALS.accessToken };
const anyQuery = { query: '{ customers(first: 1) { edges { cursor } } }' };
const messages = (errors: unknown) => (errors as { message: string }[]).map((e) => e.message);

describe('Shopify sandbox refuses what Shopify refuses, with Shopify\'s status and body', () => {
  it('answers a missing or wrong X-Shopify-Access-Token with 401 "[API] Invalid API key or access token"', async () => {
    for (const headers of [json, { ...json, 'x-shopify-access-token': 'shpat_wrong' }]) {
      const { status, body } = await sandbox.post(anyQuery, { headers });
      expect(status).toBe(401);
      expect(body).toEqual(UNAUTHORIZED_BODY);
    }
  });

  it('answers an API version it does not serve with 404 {"errors":"Not Found"}', async () => {
    const { status, body } = await sandbox.post(anyQuery, { version: '2019-13' });
    expect(status).toBe(404);
    expect(body).toEqual({ errors: 'Not Found' });
  });

  it('answers a body that is not JSON, or has no query, with 400 "Required parameter missing or invalid"', async () => {
    for (const body of ['{"query": "{ customers', JSON.stringify({ variables: {} })]) {
      const answer = await sandbox.post(body, { headers: { ...json, ...token } });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ errors: { query: 'Required parameter missing or invalid' } });
    }
  });

  it('accepts a raw application/graphql body as Shopify does', async () => {
    const { status, body } = await sandbox.post(anyQuery.query, { headers: { 'content-type': 'application/graphql', ...token } });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ customers: { edges: [{ cursor: expect.any(String) }] } });
  });
});

describe('Shopify sandbox fails invalid queries as Shopify does: HTTP 200, errors, no data', () => {
  it('rejects a field the schema does not have and a syntax error before running anything', async () => {
    for (const query of ['{ customers(first: 1) { edges { node { id creditCard } } } }', '{ customers(first: 1) { edges {']) {
      const { status, body } = await sandbox.post({ query });
      expect(status).toBe(200);
      expect(body).not.toHaveProperty('data');
      expect(body.errors).toEqual([expect.objectContaining({ message: expect.any(String), locations: expect.any(Array) })]);
    }
  });

  it('rejects a page over 250 and nodes(ids:) with more than 250 ids', async () => {
    const page = await sandbox.post({ query: '{ customers(first: 251) { edges { cursor } } }' });
    expect(page.body).not.toHaveProperty('data');
    expect(page.body.errors).toEqual([expect.objectContaining({ path: ['customers'], extensions: expect.objectContaining({ code: 'MAX_PAGE_SIZE_EXCEEDED' }) })]);
    const ids = Array.from({ length: 251 }, (_, i) => `gid://shopify/Customer/${i + 1}`);
    const nodes = await sandbox.post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } });
    expect(nodes.body).not.toHaveProperty('data');
    expect(nodes.body.errors).toEqual([expect.objectContaining({ path: ['nodes'], extensions: expect.objectContaining({ code: 'MAX_INPUT_SIZE_EXCEEDED' }) })]);
    const at250 = await sandbox.post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: ids.slice(0, 250) } });
    expect(at250.body.errors).toBeUndefined();
  });

  it('requires first or last on a connection, a valid global id and a cursor it issued', async () => {
    const noFirst = await sandbox.post({ query: '{ customers { edges { cursor } } }' });
    expect(messages(noFirst.body.errors)).toEqual(['you must provide one of first or last']);
    expect(noFirst.body.data).toBeNull();
    const badId = await sandbox.post({ query: '{ customer(id: "544365967") { id } }' });
    expect(messages(badId.body.errors)).toEqual(["Invalid global id '544365967'"]);
    const badCursor = await sandbox.post({ query: '{ customers(first: 1, after: "bm90LWEtY3Vyc29y") { edges { cursor } } }' });
    expect(messages(badCursor.body.errors)).toEqual(['Invalid cursor for current pagination sort.']);
  });

  it('rejects variables of the wrong type', async () => {
    const { body } = await sandbox.post({ query: 'query($first: Int!) { customers(first: $first) { edges { cursor } } }', variables: { first: 'ten' } });
    expect(body).not.toHaveProperty('data');
    expect(messages(body.errors)[0]).toMatch(/\$first/);
  });
});
