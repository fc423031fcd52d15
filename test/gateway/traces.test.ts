import { trace, SpanKind, type AttributeValue, type ProxyTracerProvider } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/scenarios.js';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const AGENT = (SCENARIOS.find((s) => s.id === 'agent') as { query: string }).query;
// Never contacted: the spans go to the injected in-memory exporter.
const COLLECTOR = 'http://127.0.0.1:4318';
const FIND = 'query Find($email: String!) { findCustomers(email: $email) { id } }';

/** The person's own values in the world: what no span attribute may hold. */
function personalValues(world: World, person: Person, customerId: string): string[] {
  const mine = <T extends { personId: number }>(records: readonly T[]) => records.filter((r) => r.personId === person.id);
  const contacts = [...mine(world.hubspot.contacts), ...mine(world.shopify.customers), ...mine(world.zendesk.users), ...mine(world.square.customers)];
  const shopIds = new Set(mine(world.shopify.customers).map((c) => c.id));
  const zenIds = new Set(mine(world.zendesk.users).map((u) => u.id));
  const squareIds = new Set(mine(world.square.customers).map((c) => c.id));
  const values = [
    customerId, person.email, person.phone, person.firstName, person.lastName, person.postalCode, person.street, person.city,
    ...contacts.flatMap((r) => [String(r.id), r.email, r.phone]),
    ...world.shopify.orders.filter((o) => shopIds.has(o.customerId)).flatMap((o) => [String(o.id), o.name]),
    ...world.zendesk.tickets.filter((t) => zenIds.has(t.requesterId)).flatMap((t) => [String(t.id), t.subject]),
    ...world.square.orders.filter((o) => o.customerId !== null && squareIds.has(o.customerId)).map((o) => String(o.id)),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

/** Every attribute of a span, its events' included, and its name, as text. */
function textsOf(span: ReadableSpan): string[] {
  const text = (value: AttributeValue | undefined) => (Array.isArray(value) ? value.map(String) : [String(value)]);
  return [span.name, ...Object.values(span.attributes).flatMap(text), ...span.events.flatMap((e) => [e.name, ...Object.values(e.attributes ?? {}).flatMap(text)])];
}

const silos = (spans: readonly ReadableSpan[]) => spans.filter((s) => s.attributes['c360.silo.source'] !== undefined);

describe('traces with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  const exporter = new InMemorySpanExporter();
  const world = testWorld();
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR, CACHE_TTL_SECONDS: '300' }, { traceExporter: exporter });
  });
  afterAll(() => stack.close());

  // Each test views a person of its own, so that its first view is cold.
  const view = async (person: Person) => {
    const ticket = world.zendesk.tickets.find((t) => world.zendesk.users.some((u) => u.id === t.requesterId && u.personId === person.id));
    exporter.reset();
    const res = await stack.query<{ customerByTicket: { id: string; emails: string[] } | null }>(AGENT, { ticketId: String(ticket?.id) }, { role: 'support' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.customerByTicket?.emails).toContain(person.email);
    // The operation span ends with the response; its children ended before it.
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.kind === SpanKind.SERVER);
    if (!operation) throw new Error('no operation span');
    return { res, spans, operation };
  };

  it('makes a span per operation, named and typed by the GraphQL conventions, without the document or variables', async () => {
    const { spans, operation } = await view(personEverywhere(world, 0));
    expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(1);
    expect(operation.name).toBe('query AgentContext');
    expect(operation.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'AgentContext' });
    expect(operation.resource.attributes['service.name']).toBe('customer-360-gateway');
    for (const span of spans) expect(span.spanContext().traceId).toBe(operation.spanContext().traceId);
  });

  it('continues the caller\'s trace when it sends a W3C traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    exporter.reset();
    const res = await fetch(`${stack.stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('support')}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: FIND, variables: { email: personEverywhere(world, 5).email } }),
    });
    expect(res.status).toBe(200);
    const operation = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(operation?.spanContext().traceId).toBe(traceId);
    expect(operation?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('makes a span per identity round, under the operation, and a span per silo call under the round or the operation', async () => {
    const { spans, operation } = await view(personEverywhere(world, 1));
    const rounds = spans.filter((s) => s.name === 'identity round');
    expect(rounds.map((r) => r.attributes['c360.identity.round'])).toEqual(expect.arrayContaining([0, 1]));
    for (const round of rounds) expect(round.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    const calls = silos(spans);
    const parents = new Set([operation, ...rounds].map((s) => s.spanContext().spanId));
    for (const call of calls) expect(parents.has(call.parentSpanContext?.spanId ?? '')).toBe(true);
    // Look-ups by key are made in the rounds; every silo was called.
    const lookups = calls.filter((c) => c.attributes['c360.silo.operation'] === 'findContacts');
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) expect(rounds.map((r) => r.spanContext().spanId)).toContain(lookup.parentSpanContext?.spanId);
    expect(new Set(calls.map((c) => c.attributes['c360.silo.vendor']))).toEqual(new Set(['hubspot', 'shopify', 'zendesk', 'square']));
  });

  it('says of each silo call its vendor, endpoint template, HTTP status, attempts and whether the cache answered it', async () => {
    const person = personEverywhere(world, 2);
    const cold = silos((await view(person)).spans);
    const ticketRead = cold.find((c) => c.attributes['c360.silo.operation'] === 'getTicket');
    expect(ticketRead?.attributes).toMatchObject({
      'c360.silo.source': 'SUPPORT', 'c360.silo.vendor': 'zendesk', 'c360.silo.path': 'gateway', 'c360.cache.hit': false,
      'c360.silo.attempts': 1, 'http.request.method': 'GET', 'url.template': '/api/v2/tickets/{id}', 'http.response.status_code': 200, 'http.request.resend_count': 0,
    });
    expect(ticketRead?.events.map((e) => e.name)).toEqual(['http.attempt']);
    // A call the connector answers without HTTP (Zendesk's requester, sideloaded with the ticket) has no attempt.
    const sent = cold.filter((c) => Number(c.attributes['c360.silo.attempts']) > 0);
    expect(new Set(sent.map((c) => c.attributes['c360.silo.vendor']))).toEqual(new Set(['hubspot', 'shopify', 'zendesk', 'square']));
    for (const call of sent) {
      expect(call.attributes['c360.cache.hit']).toBe(false);
      expect(call.events).toHaveLength(Number(call.attributes['c360.silo.attempts']));
      expect(String(call.attributes['url.template'])).toMatch(/^\//);
      expect(call.attributes['http.response.status_code']).toBe(200);
    }
    // The same view again: the record cache answers, nothing reaches a vendor.
    const warm = silos((await view(person)).spans);
    expect(warm.length).toBeGreaterThan(0);
    for (const call of warm) expect(call.attributes).toMatchObject({ 'c360.cache.hit': true, 'c360.silo.attempts': 0 });
    for (const call of warm) expect(call.attributes['url.template']).toBeUndefined();
  });

  it('puts nothing personal in any span: no value, id or name of the customer, no email, no query text', async () => {
    const person = personEverywhere(world, 3);
    exporter.reset();
    await stack.resetStats();
    // A cold look-up by email (fresh: past the cache) and the agent's view, both of the same person.
    const search = await stack.query<{ findCustomers: { id: string }[] }>(FIND, { email: person.email }, { role: 'support' });
    expect(search.errors).toBeUndefined();
    const customerId = search.data?.findCustomers[0]?.id as string;
    expect(customerId).toBeTruthy();
    const searched = exporter.getFinishedSpans();
    const { spans } = await view(person);
    const all = [...searched, ...spans];
    expect(silos(all).length).toBeGreaterThan(5);
    const personal = personalValues(world, person, customerId);
    expect(personal).toContain(person.email);
    const texts = all.flatMap(textsOf).map((t) => t.toLowerCase());
    const leaks = personal.filter((value) => {
      const v = value.toLowerCase();
      // Short ids (HubSpot's `817`, a ticket's) would match inside other numbers by chance: they must be no word of a value.
      return texts.some((t) => (v.length >= 6 ? t.includes(v) : t.split(/[^a-z0-9@.+-]+/).includes(v)));
    });
    expect(leaks).toEqual([]);
    // Nor the document or its variables.
    expect(texts.some((t) => t.includes('findcustomers') || t.includes('$email'))).toBe(false);
  });
});

describe('traces with OTEL_EXPORTER_OTLP_ENDPOINT unset', () => {
  const exporter = new InMemorySpanExporter();
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({}, { traceExporter: exporter });
  });
  afterAll(() => stack.close());

  it('registers no tracer provider and exports nothing', async () => {
    const world = testWorld();
    const person = personEverywhere(world, 0);
    const res = await stack.query(FIND, { email: person.email }, { role: 'support' });
    expect(res.errors).toBeUndefined();
    expect((trace.getTracerProvider() as ProxyTracerProvider).getDelegate()).not.toBeInstanceOf(NodeTracerProvider);
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
