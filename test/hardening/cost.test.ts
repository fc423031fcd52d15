import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/server/schema.js';
import { DEFAULT_QUERY_LIMITS, createQueryLimits, queryCost } from '../../src/server/limits/index.js';

const schema = buildSchema(loadTypeDefs().join('\n'));
const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(parse(query), schema, variables);

/** A support agent opening a ticket: who is this, may we email them, what did they buy, what is open. */
const SUPPORT_AGENT_CONTEXT = `query AgentContext($ticketId: ID!) { customerByTicket(ticketId: $ticketId) {
  id displayName emails phones
  consent { email { state decidedBy updatedAt } sms { state decidedBy updatedAt } }
  crm { lifecycleStage leadStatus company jobTitle }
  orders(first: 5) { totalCount edges { node { id name createdAt financialStatus fulfillmentStatus total { amount currencyCode } } } }
  tickets(first: 10, status: OPEN) { totalCount edges { node { id subject status priority createdAt } } }
  posTransactions(first: 5) { totalCount edges { node { id createdAt total { amount currencyCode } } } } } }`;

/** One page of a BI crawl: pseudonymous ids and emails, and how many orders each customer has. */
const BI_PAGE = `query BiPage($after: String) { customers(first: 100, after: $after) {
  edges { cursor node { id emails orders { totalCount } } } pageInfo { hasNextPage endCursor } } }`;

describe('query cost weighted by silo fan-out', () => {
  it('prices a support agent context query at 213 and a BI page of 100 at 3105, both under the default limit', () => {
    expect(cost(SUPPORT_AGENT_CONTEXT, { ticketId: '1' })).toBe(213);
    expect(cost(BI_PAGE)).toBe(3105);
    expect(DEFAULT_QUERY_LIMITS.maxCost).toBe(20_000);
  });

  it('makes a page of 100 customers with orders cost 100 times one customer with orders', () => {
    const one = cost('{ customer(id: "x") { orders { totalCount edges { node { id } } } } }');
    const page = cost('{ customers(first: 100) { edges { node { orders { totalCount edges { node { id } } } } } } }');
    expect(one).toBe(49);
    expect(page).toBe(4902);
  });

  it('multiplies edges by the page size but pageInfo and totalCount once', () => {
    const bare = cost('{ customer(id: "x") { orders(first: 50) { edges { cursor } } } }');
    const withCounts = cost('{ customer(id: "x") { orders(first: 50) { totalCount pageInfo { hasNextPage } edges { cursor } } } }');
    expect(withCounts - bare).toBe(3);
  });

  it('reads page sizes from variables, variable defaults and schema defaults', () => {
    const query = 'query($n: Int) { customers(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 50 })).toBe(cost('{ customers(first: 50) { edges { node { id } } } }'));
    expect(cost('query($n: Int = 7) { customers(first: $n) { edges { node { id } } } }')).toBe(cost('{ customers(first: 7) { edges { node { id } } } }'));
    // customers(first: Int = 20)
    expect(cost('{ customers { edges { node { id } } } }')).toBe(cost('{ customers(first: 20) { edges { node { id } } } }'));
  });

  it('prices the same parsed document again for every request whose variables can change its cost', () => {
    const pages = parse('query($n: Int) { customers(first: $n) { edges { node { id } } } }');
    const skip = parse('query($s: Boolean!) { customer(id: "x") { orders(first: 50) @skip(if: $s) { edges { node { id } } } } }');
    const agent = parse(SUPPORT_AGENT_CONTEXT);
    expect(queryCost(pages, schema, { n: 100 })).toBe(cost('{ customers(first: 100) { edges { node { id } } } }'));
    expect(queryCost(pages, schema, { n: 5 })).toBe(cost('{ customers(first: 5) { edges { node { id } } } }'));
    expect(queryCost(skip, schema, { s: false })).toBeGreaterThan(queryCost(skip, schema, { s: true }));
    expect(queryCost(agent, schema, { ticketId: '1' })).toBe(213);
    expect(queryCost(agent, schema, { ticketId: '2' })).toBe(213);
  });

  it('prices a page larger than the field serves at its maximum, leaving the refusal to the argument check', () => {
    expect(cost('{ customers(first: 1000) { edges { node { id } } } }')).toBe(cost('{ customers(first: 100) { edges { node { id } } } }'));
    expect(cost('{ findCustomers(email: "a@b.example", limit: 500) { id } }')).toBe(cost('{ findCustomers(email: "a@b.example", limit: 50) { id } }'));
  });

  it('prices fragments where they are spread, with the page size of the spreading field', () => {
    const inline = cost('{ customer(id: "x") { orders(first: 30) { edges { node { id } } } } }');
    const spread = cost('{ customer(id: "x") { orders(first: 30) { ...Page } } } fragment Page on OrderConnection { edges { node { id } } }');
    expect(spread).toBe(inline);
  });

  it('leaves out what @skip and @include exclude', () => {
    const q = 'query($deep: Boolean!) { customer(id: "x") { id orders(first: 100) @include(if: $deep) { edges { node { id } } } } }';
    expect(cost(q, { deep: false })).toBe(cost('{ customer(id: "x") { id } }'));
    expect(cost(q, { deep: true })).toBeGreaterThan(200);
  });

  it('gives the highest cost of several operations when none is named', () => {
    const doc = 'query A { customer(id: "x") { id } } query B { customers(first: 100) { edges { node { id } } } }';
    expect(cost(doc)).toBe(cost('{ customers(first: 100) { edges { node { id } } } }'));
  });

  it('refuses to start when a cost weight names a field the schema lacks', () => {
    expect(() => createQueryLimits(schema)).not.toThrow();
    const renamed = buildSchema(loadTypeDefs().join('\n').replace(/^  orders\(/m, '  purchases('));
    expect(() => createQueryLimits(renamed)).toThrow(/Customer\.orders/);
  });
});
