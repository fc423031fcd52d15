import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { FAST_PRIVACY } from './support.js';

const world = testWorld();
const EXPORT = 'mutation($s: DataSubjectInput!) { requestDataExport(subject: $s) { expiresAt found { source records } } }';

describe('DataSubjectInput is @oneOf: exactly one identifier is GraphQL validation', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack(FAST_PRIVACY);
  }, 60_000);
  afterAll(async () => t?.close());

  it('says so in introspection', async () => {
    const res = await t.query<{ __type: { isOneOf: boolean; inputFields: { name: string }[] } }>(
      '{ __type(name: "DataSubjectInput") { isOneOf inputFields { name } } }', {}, { role: 'admin' });
    expect(res.data?.__type).toEqual({ isOneOf: true, inputFields: [{ name: 'customerId' }, { name: 'email' }, { name: 'phone' }] });
  });

  it.each([
    ['none', {}],
    ['two', { email: 'a@example.com', phone: '+14155550100' }],
    ['one and a null', { email: 'a@example.com', phone: null }],
    ['one, null', { email: null }],
  ])('refuses a subject variable with %s of the identifiers: 400 BAD_USER_INPUT naming DataSubjectInput', async (_label, subject) => {
    for (const mutation of ['requestDataExport', 'requestErasure']) {
      const res = await t.query(`mutation($s: DataSubjectInput!) { ${mutation}(subject: $s) { __typename } }`, { s: subject }, { role: 'privacy' });
      expect(res.status, mutation).toBe(400);
      expect(res.data, mutation).toBeUndefined();
      expect(res.errors, mutation).toHaveLength(1);
      expect(res.errors?.[0]?.extensions?.code, mutation).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, mutation).toMatch(/"DataSubjectInput"|Field "(email|phone)" must be non-null/);
    }
  });

  it.each([
    ['none', 'subject: {}', /OneOf Input Object "DataSubjectInput" must specify exactly one key/],
    ['two', 'subject: { email: "a@example.com", customerId: "cus_AAAAAAAAAAAAAAAAAAAAAA" }', /OneOf Input Object "DataSubjectInput" must specify exactly one key/],
    ['a null one', 'subject: { phone: null }', /Field "DataSubjectInput.phone" must be non-null/],
  ])('refuses a subject literal with %s of the identifiers: 400 GRAPHQL_VALIDATION_FAILED', async (_label, argument, message) => {
    const res = await t.query(`mutation { requestErasure(${argument}) { id } }`, {}, { role: 'privacy' });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a nullable variable as the identifier, which graphql-js 16 lets through for a non-null @oneOf argument', async () => {
    for (const variables of [{ e: 'a@example.com' }, { e: null }, {}]) {
      const res = await t.query('mutation($e: String) { requestErasure(subject: { email: $e }) { id } }', variables, { role: 'privacy' });
      expect(res.status, JSON.stringify(variables)).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors?.[0]?.message).toBe('Variable "$e" is of type "String" but must be non-nullable to be used for OneOf Input Object "DataSubjectInput".');
    }
  });

  it('accepts exactly one identifier, as a variable, a literal field or a non-null variable field', async () => {
    const person = personEverywhere(world, 0);
    const asVariable = await t.query<{ requestDataExport: { found: { source: string; records: number }[] } }>(EXPORT, { s: { email: person.email } }, { role: 'privacy' });
    expect(asVariable.errors).toBeUndefined();
    expect(asVariable.data?.requestDataExport.found.reduce((n, f) => n + f.records, 0)).toBeGreaterThan(0);
    const literal = await t.query<{ requestDataExport: { expiresAt: string } }>(`mutation { requestDataExport(subject: { email: ${JSON.stringify(person.email)} }) { expiresAt } }`, {}, { role: 'privacy' });
    expect(literal.errors).toBeUndefined();
    expect(literal.data?.requestDataExport.expiresAt).toEqual(expect.any(String));
    const field = await t.query<{ requestDataExport: { expiresAt: string } }>('mutation($e: String!) { requestDataExport(subject: { email: $e }) { expiresAt } }', { e: person.email }, { role: 'privacy' });
    expect(field.errors).toBeUndefined();
    expect(field.data?.requestDataExport.expiresAt).toEqual(expect.any(String));
  });

  it('still checks the one identifier itself: a malformed email is BAD_USER_INPUT naming subject.email', async () => {
    const res = await t.query<{ requestDataExport: unknown }>(EXPORT, { s: { email: 'not-an-email' } }, { role: 'privacy' });
    expect(res.data?.requestDataExport).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'subject.email' });
  });
});
