import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { prefersHtml, readmeExamples, registerExplorer } from '../../../src/server/explorer/index.js';
import { startTestStack, type TestStack } from '../../support/stack.js';

const CHROMIUM_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

describe('prefersHtml', () => {
  it.each([
    [CHROMIUM_ACCEPT, true],
    ['text/html', true],
    ['application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['*/*', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html;q=0', false],
    [undefined, false],
  ])('reads %s as %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe('readmeExamples', () => {
  it('takes every graphql block and every curl query of a README, in order', () => {
    const markdown = [
      "curl -s http://x/graphql -d '{\"query\":\"{ a }\",\"variables\":{\"e\":\"x@y\"}}'",
      '```graphql', 'query B($email: String!, $n: Int, $ids: [ID!]) { b }', '```',
      "curl -d '{\"query\":\"$QUERY\"' broken",
      '```sh', 'not graphql', '```',
    ].join('\n');
    expect(readmeExamples(markdown)).toEqual([
      { query: '{ a }', variables: '{\n  "e": "x@y"\n}' },
      { query: 'query B($email: String!, $n: Int, $ids: [ID!]) { b }', variables: '{\n  "email": "",\n  "n": 0,\n  "ids": []\n}' },
    ]);
  });

  it('finds the project README\'s examples', () => {
    const tabs = readmeExamples(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'));
    expect(tabs.length).toBeGreaterThanOrEqual(3);
    expect(tabs.some((t) => t.query.startsWith('query Agent('))).toBe(true);
  });
});

describe('the explorer over HTTP', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it.each(['/', '/graphql'])('serves the explorer page at %s to a browser, allowed to reach only its own origin', async (path) => {
    const res = await fetch(`${stack.stack.url}${path}`, { headers: { accept: CHROMIUM_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self'/);
    const html = await res.text();
    expect(html).toMatch(/<div id="explorer">/);
    // No Apollo Sandbox, and no address of any other host in the page.
    expect(html).not.toMatch(/apollo/i);
    expect(html).not.toMatch(/https?:\/\//);
    // Outside demo mode there is no role picker: the page carries no token.
    expect(html).toMatch(/"demoTokens":null/);
  });

  it('bundles GraphiQL from node_modules into a script and a stylesheet that loads nothing from elsewhere', async () => {
    const [js, css] = await Promise.all(['/explorer/explorer.js', '/explorer/explorer.css'].map((p) => fetch(`${stack.stack.url}${p}`)));
    expect(js?.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(css?.headers.get('content-type')).toMatch(/^text\/css/);
    const script = await js!.text();
    expect(script).toMatch(/graphiql-execute-button/);
    const style = await css!.text();
    expect(style).toMatch(/\.graphiql-container/);
    // Fonts and images are inlined; a url() to elsewhere would be fetched.
    expect(style.match(/url\((?!["']?data:)[^)]*\)/g) ?? []).toEqual([]);
    expect(style).not.toMatch(/@import/);
  });

  it('leaves GraphQL clients as they were: GET with a query, and POST, are Apollo\'s', async () => {
    const token = await stack.token('support');
    const get = await fetch(`${stack.stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    const browserGet = await fetch(`${stack.stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: CHROMIUM_ACCEPT, authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(browserGet.headers.get('content-type')).not.toMatch(/text\/html/);
    expect((await stack.query('{ __typename }', {}, { role: 'support' })).data).toEqual({ __typename: 'Query' });
  });
});

describe('the explorer in demo mode', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ AUTH_JWT_SECRET: '' });
  });
  afterAll(() => stack.close());

  it('offers the printed demo token of every role', async () => {
    const html = await (await fetch(`${stack.stack.url}/`, { headers: { accept: 'text/html' } })).text();
    const config = JSON.parse(/<script type="application\/json" id="explorer-config">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as { demoTokens: Record<string, string> };
    expect(config.demoTokens).toEqual(Object.fromEntries(stack.stack.demoTokens ?? []));
    expect(Object.keys(config.demoTokens)).toEqual(['support', 'marketing', 'analyst', 'privacy', 'admin']);
  });
});

describe('the demo tokens in the page', () => {
  const configOf = (html: string) => JSON.parse(/id="explorer-config">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as { demoTokens: Record<string, string> | null };

  it.each([
    ['127.0.0.1', { admin: 'demo-admin-token' }],
    ['::1', { admin: 'demo-admin-token' }],
    ['::ffff:127.0.0.1', { admin: 'demo-admin-token' }],
    ['10.0.0.5', null],
    ['::ffff:192.168.1.20', null],
  ])('are given to a browser at %s: %j', async (remoteAddress, expected) => {
    const app = Fastify();
    registerExplorer(app, { graphqlPath: '/graphql', demoTokens: new Map([['admin', 'demo-admin-token']]) });
    const res = await app.inject({ method: 'GET', url: '/', remoteAddress, headers: { accept: 'text/html' } });
    expect(configOf(res.body).demoTokens).toEqual(expected);
    await app.close();
  });
});
