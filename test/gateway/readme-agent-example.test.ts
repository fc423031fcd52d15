import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedSandboxSettings } from '../../connectors/embedded-sandbox-settings.js';
import { startTestStack, type TestStack } from '../support/stack.js';

// The README's agent example, as a newcomer pastes it after `npm start`: its curl body (query and variables) runs
// against the default sandbox world, and the email in it names a customer held in every silo.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const anchor = README.indexOf('look one up the way a support tool would:');
const after = anchor < 0 ? '' : README.slice(anchor);
const pretty = /```graphql\n([\s\S]*?)```/.exec(after)?.[1] ?? '';
const curl = /```sh\n(curl [\s\S]*?)```/.exec(after)?.[1] ?? '';
const body = /<<'JSON'\n([\s\S]*?)\nJSON\n/.exec(curl)?.[1] ?? '';
const defaults = embeddedSandboxSettings.parse({});
// The pasted run needs curl and bash on the machine; the body's own test above runs everywhere.
const hasCurl = spawnSync('curl', ['--version']).status === 0;

interface Agent {
  findCustomers: {
    emails: string[];
    orders: { totalCount: number };
    tickets: { edges: { node: { status: string } }[] };
    posTransactions: { edges: unknown[] };
  }[];
}

let stack: TestStack;
beforeAll(async () => {
  // The world `npm start` serves when no SANDBOX_* is set.
  stack = await startTestStack({ SANDBOX_SEED: String(defaults.seed), SANDBOX_PEOPLE: String(defaults.people) });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

describe("the README's agent example", () => {
  it('is a curl to the default address, with the bearer token and a JSON body of the query shown above it and its variables', () => {
    expect(defaults).toMatchObject({ seed: 42, people: 2000 });
    expect(curl).toContain('curl -s http://127.0.0.1:4000/graphql');
    expect(curl).toContain('-H "authorization: Bearer $TOKEN"');
    const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
    expect(print(parse(query))).toBe(print(parse(pretty)));
    expect(variables).toEqual({ email: expect.stringMatching(/^\S+@\S+$/) });
  });

  it('finds one customer by its email in the default world, with records and facets from every silo', async () => {
    const { query, variables } = JSON.parse(body) as { query: string; variables: { email: string } };
    const res = await stack.query<Agent>(query, variables);
    expect(res.errors).toBeUndefined();
    expect(res.data?.findCustomers).toHaveLength(1);
    const [customer] = res.data?.findCustomers ?? [];
    expect(customer?.emails).toContain(variables.email);
    expect(customer?.orders.totalCount).toBeGreaterThan(0);
    expect(customer?.tickets.edges.length).toBeGreaterThan(0);
    expect(customer?.posTransactions.edges.length).toBeGreaterThan(0);
    expect(res.extensions?.sources?.map((s) => [s.source, s.status]).sort()).toEqual([['CRM', 'OK'], ['ECOMMERCE', 'OK'], ['POS', 'OK'], ['SUPPORT', 'OK']]);
  });

  it.skipIf(!hasCurl)('runs as pasted: the curl block, given the address and a token, answers the same customer', async () => {
    const token = await stack.token('admin');
    const script = curl.replace('http://127.0.0.1:4000/graphql', `${stack.stack.url}/graphql`);
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', TOKEN: token }, timeout: 30_000 });
    const answer = JSON.parse(stdout) as { data?: Agent; errors?: unknown };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.findCustomers).toHaveLength(1);
  });
});
