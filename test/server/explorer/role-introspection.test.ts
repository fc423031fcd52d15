import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/index.js';
import { startTestStack, type TestStack } from '../../support/stack.js';

interface IntrospectedType { name: string; fields: { name: string }[] | null }
interface Introspection { __schema: { mutationType: { name: string } | null; types: IntrospectedType[] } }

describe('introspection filtered to the caller\'s role, over HTTP', () => {
  let stack: TestStack;
  const introspect = (role: Role) => stack.query<Introspection>(getIntrospectionQuery(), {}, { role });
  const fieldsOf = (result: Introspection | null | undefined, type: string) =>
    result?.__schema.types.find((t) => t.name === type)?.fields?.map((f) => f.name) ?? null;
  const typeNames = (result: Introspection | null | undefined) => result?.__schema.types.map((t) => t.name) ?? [];

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('shows marketing no field its rules deny (LINKAGE, AUDIT, TICKET_CONTENT, privacy operations), and drops the types left empty', async () => {
    const res = await introspect('marketing');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const customer = fieldsOf(res.data, 'Customer');
    expect(customer).toContain('displayName');
    expect(customer).toContain('emails');
    expect(customer).not.toContain('sourceRecords');
    const query = fieldsOf(res.data, 'Query');
    expect(query).toContain('findCustomers');
    for (const denied of ['auditEvents', 'explainCustomer', 'whyNotLinked', 'linkReview', 'erasureRequests', 'recordOfProcessing']) expect(query).not.toContain(denied);
    // Every Mutation field is a privacy operation or the refit, all denied to marketing: no Mutation type is left.
    expect(res.data?.__schema.mutationType).toBeNull();
    for (const gone of ['Mutation', 'AuditEvent', 'AuditEventConnection', 'SourceRecord', 'CustomerExplanation']) expect(typeNames(res.data)).not.toContain(gone);
    expect(fieldsOf(res.data, 'Ticket')).not.toContain('subject');
  });

  it('shows support the ticket content marketing may not see, and privacy the linkage and audit trail', async () => {
    const support = await introspect('support');
    expect(fieldsOf(support.data, 'Ticket')).toContain('subject');
    expect(typeNames(support.data)).not.toContain('AuditEvent');
    const privacy = await introspect('privacy');
    expect(fieldsOf(privacy.data, 'Customer')).toContain('sourceRecords');
    expect(fieldsOf(privacy.data, 'Query')).toContain('auditEvents');
    expect(privacy.data?.__schema.mutationType).toMatchObject({ name: 'Mutation' });
  });

  it('answers __type from the role\'s view: a type marketing may not use is null', async () => {
    const hidden = await stack.query('{ __type(name: "AuditEvent") { name } }', {}, { role: 'marketing' });
    expect(hidden.data).toEqual({ __type: null });
    const shown = await stack.query('{ __type(name: "AuditEvent") { name } }', {}, { role: 'privacy' });
    expect(shown.data).toEqual({ __type: { name: 'AuditEvent' } });
  });

  it('gives admin the whole schema', async () => {
    const res = await introspect('admin');
    expect(fieldsOf(res.data, 'Customer')).toContain('sourceRecords');
    expect(fieldsOf(res.data, 'Query')).toContain('auditEvents');
    expect(typeNames(res.data)).toContain('AuditEvent');
  });

  it('refuses an anonymous introspection with UNAUTHENTICATED', async () => {
    const res = await stack.query(getIntrospectionQuery(), {}, { token: null });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an operation that asks for the schema and for data together, to any role but admin', async () => {
    const res = await stack.query('{ __schema { queryType { name } } customers(first: 1) { edges { cursor } } }', {}, { role: 'marketing' });
    expect(res.status).toBe(403);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/operation of its own/);
  });

  it('keeps execution as it was: a field denied to marketing is still null with FORBIDDEN', async () => {
    const res = await stack.query<{ customers: { edges: { node: { id: string; sourceRecords: unknown } }[] } }>(
      '{ customers(first: 1) { edges { node { id sourceRecords { source } } } } }', {}, { role: 'marketing' });
    expect(res.data?.customers.edges[0]?.node.sourceRecords).toBeNull();
    expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.includes('sourceRecords'))).toBe(true);
  });
});

describe('introspection with ALLOW_INTROSPECTION=true', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ ALLOW_INTROSPECTION: 'true' });
  });
  afterAll(() => stack.close());

  it('shows every role the whole, unfiltered schema', async () => {
    const res = await stack.query<Introspection>(getIntrospectionQuery(), {}, { role: 'marketing' });
    expect(res.data?.__schema.types.map((t) => t.name)).toContain('AuditEvent');
    expect(res.data?.__schema.mutationType).toMatchObject({ name: 'Mutation' });
  });
});
