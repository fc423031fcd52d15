import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { startGuardedStack, type GuardedStack } from '../resilience/guarded-stack.js';

describe('metrics registry', () => {
  it('counts upstream attempts by silo, method and status class, with latency and retries', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.onCall({ source: 'CRM', method: 'POST', path: '/crm/v3/objects/contacts/search', endpoint: '/crm/v3/objects/contacts/search', status: 200, durationMs: 42, attempt: 1 });
    metrics.onCall({ source: 'CRM', method: 'POST', path: '/crm/v3/objects/contacts/search', endpoint: '/crm/v3/objects/contacts/search', status: 503, durationMs: 7, attempt: 1 });
    metrics.onCall({ source: 'CRM', method: 'POST', path: '/crm/v3/objects/contacts/search', endpoint: '/crm/v3/objects/contacts/search', status: 'error', durationMs: 3, attempt: 2 });
    const text = await metrics.render();
    expect(text).toContain('c360_upstream_requests_total{source="CRM",method="POST",status_class="2xx"} 1');
    expect(text).toContain('c360_upstream_requests_total{source="CRM",method="POST",status_class="5xx"} 1');
    expect(text).toContain('c360_upstream_requests_total{source="CRM",method="POST",status_class="error"} 1');
    expect(text).toContain('c360_upstream_request_duration_seconds_bucket{le="0.05",source="CRM",status_class="2xx"} 1');
    expect(text).toContain('c360_upstream_retries_total{source="CRM"} 1');
    // Paths may carry ids or emails: they never become labels.
    expect(text).not.toContain('/crm/');
  });

  it('sets the data-quality gauge per silo and code from a report, 0 for those without findings, replacing the last report', async () => {
    const metrics = createMetrics({ processMetrics: false });
    expect(await metrics.render()).not.toContain('c360_data_quality_findings{');
    metrics.observeDataQuality([{ source: 'CRM', code: 'STALE_RECORD', count: 12 }, { source: 'POS', code: 'INVALID_PHONE', count: 3 }]);
    metrics.observeDataQuality([{ source: 'CRM', code: 'STALE_RECORD', count: 10 }]);
    const text = await metrics.render();
    expect(text).toContain('c360_data_quality_findings{source="CRM",code="STALE_RECORD"} 10\n');
    expect(text).toContain('c360_data_quality_findings{source="POS",code="INVALID_PHONE"} 0\n');
    expect(text.match(/c360_data_quality_findings\{/g)).toHaveLength(28);
  });

  it('counts guarded calls and errors by code, and reports circuit states and transitions', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.observeSiloCall({ source: 'POS', method: 'findContacts', outcome: 'OK', durationMs: 12 });
    metrics.observeSiloCall({ source: 'POS', method: 'findContacts', outcome: 'CIRCUIT_OPEN', durationMs: 0 });
    metrics.onBreakerStateChange('POS', 'open');
    metrics.track({ breakerStates: () => ({ CRM: 'closed', ECOMMERCE: 'closed', SUPPORT: 'half-open', POS: 'open' }) });
    const text = await metrics.render();
    expect(text).toContain('c360_silo_calls_total{source="POS",method="findContacts",outcome="OK"} 1');
    expect(text).toContain('c360_silo_errors_total{source="POS",code="CIRCUIT_OPEN"} 1');
    expect(text).toContain('c360_circuit_state{source="POS",state="open"} 1');
    expect(text).toContain('c360_circuit_state{source="POS",state="closed"} 0');
    expect(text).toContain('c360_circuit_state{source="SUPPORT",state="half-open"} 1');
    expect(text).toContain('c360_circuit_transitions_total{source="POS",state="open"} 1');
  });

  it('reads the cache hits and misses from the callback at each scrape, with the hit ratio', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const stats = { hits: 30, misses: 10 };
    metrics.track({ cacheStats: () => stats });
    expect(await metrics.render()).toContain('c360_cache_hits_total 30');
    stats.hits = 90;
    const text = await metrics.render();
    expect(text).toContain('c360_cache_hits_total 90');
    expect(text).toContain('c360_cache_misses_total 10');
    expect(text).toContain('c360_cache_hit_ratio 0.9');
  });

  it("reads the audit trail's CPU at each scrape, per thread, with no database series for a PostgreSQL server", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let cpu: { eventLoop: number; database: number | null } = { eventLoop: 1500, database: 250 };
    metrics.track({ auditCpuMs: () => cpu });
    let text = await metrics.render();
    expect(text).toContain('c360_audit_cpu_seconds_total{thread="event-loop"} 1.5');
    expect(text).toContain('c360_audit_cpu_seconds_total{thread="database"} 0.25');
    cpu = { eventLoop: 2000, database: null };
    text = await metrics.render();
    expect(text).toContain('c360_audit_cpu_seconds_total{thread="event-loop"} 2');
    expect(text).not.toContain('c360_audit_cpu_seconds_total{thread="database"}');
  });

  it("reads the embedded audit database's memory at each scrape, with no series for a PostgreSQL server", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let memory: { heap: number; webAssembly: number | null } | null = { heap: 12_000_000, webAssembly: null };
    metrics.track({ auditDatabaseMemory: () => memory });
    let text = await metrics.render();
    expect(text).toContain('c360_audit_database_memory_bytes{kind="heap"} 12000000');
    expect(text).not.toContain('c360_audit_database_memory_bytes{kind="webassembly"}');
    memory = { heap: 13_000_000, webAssembly: 150_994_944 };
    text = await metrics.render();
    expect(text).toContain('c360_audit_database_memory_bytes{kind="heap"} 13000000');
    expect(text).toContain('c360_audit_database_memory_bytes{kind="webassembly"} 150994944');
    memory = null;
    expect(await metrics.render()).not.toContain('c360_audit_database_memory_bytes{');
  });
});

describe('GET /metrics and /readyz on the gateway', () => {
  let stack: GuardedStack;
  beforeAll(async () => {
    // The breakers' clock stands still: the failures below all fall in one sampling window however slow the machine;
    // and the deadline leaves the healthy silos time to answer on a busy one.
    stack = await startGuardedStack({ listen: false, breakerClock: () => 0, deadlineMs: 10_000 });
  });
  afterAll(() => stack?.close());

  it('answers /readyz 503 while starting, then 200 with each circuit, the cache and the database', async () => {
    const starting = await stack.gateway.app.inject({ method: 'GET', url: '/readyz' });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toMatchObject({ status: 'starting' });
    await stack.listen();
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      silos: { CRM: 'closed', ECOMMERCE: 'closed', SUPPORT: 'closed', POS: 'closed' },
      cache: null,
      database: 'up',
    });
  });

  it('serves Prometheus text with per-silo series and GraphQL counts after a query, and no personal data', async () => {
    const person = personEverywhere(testWorld(), 1);
    const res = await stack.query(`query Agent($email: String) { findCustomers(email: $email) { id orders(first: 1) { totalCount } } }`, { email: person.email });
    expect(res.data).toBeTruthy();
    const metrics = await fetch(`${stack.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    for (const source of ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS']) {
      expect(text).toMatch(new RegExp(`c360_upstream_requests_total\\{source="${source}",method="(GET|POST)",status_class="2xx"\\} [1-9]`));
      expect(text).toMatch(new RegExp(`c360_silo_calls_total\\{source="${source}",method="\\w+",outcome="OK"\\} [1-9]`));
      expect(text).toContain(`c360_upstream_request_duration_seconds_count{source="${source}",status_class="2xx"}`);
    }
    expect(text).toMatch(/c360_graphql_requests_total\{operation_type="query",operation="Agent",result="ok"\} [1-9]/);
    expect(text).toContain('c360_graphql_request_duration_seconds_bucket');
    expect(text).toContain('c360_circuit_state{source="CRM",state="closed"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain(person.email);
    expect(text).not.toContain('@');
  });

  it('times every silo call in each stage of the silo pipeline, by silo, stage and operation', async () => {
    const person = personEverywhere(testWorld(), 2);
    await stack.query(`query Agent($email: String) { findCustomers(email: $email) { id tickets(first: 1) { totalCount } } }`, { email: person.email });
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    for (const source of ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS']) {
      for (const stage of ['tracker', 'breaker', 'bulkhead', 'connector']) {
        expect(text).toMatch(new RegExp(`c360_silo_stage_duration_seconds_count\\{source="${source}",stage="${stage}",operation="findContacts"\\} [1-9]`));
      }
    }
    expect(text).toMatch(/c360_silo_stage_duration_seconds_count\{source="SUPPORT",stage="connector",operation="ticketsFor"\} [1-9]/);
    // This stack has no record cache: no call is timed in a cache stage.
    expect(text).not.toContain('stage="cache"');
  });

  it('stays ready (200) while a silo is down, reporting its open circuit', async () => {
    await stack.faults('square', { outage: true });
    const person = personEverywhere(testWorld());
    for (let i = 0; i < 20 && stack.breakerStates().POS !== 'open'; i++) {
      await stack.query('query($email: String) { findCustomers(email: $email) { id posTransactions(first: 1) { totalCount } } }', { email: person.email });
    }
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', silos: { POS: 'open', CRM: 'closed' } });
    await stack.faults('square', {});
  });
});

describe('GET /metrics on the product', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('times the record cache stage too: src/app.ts sends every silo call through the whole pipeline', async () => {
    const person = personEverywhere(testWorld(), 3);
    await stack.query(`query Agent($email: String) { findCustomers(email: $email) { id } }`, { email: person.email });
    const text = await (await fetch(`${stack.stack.url}/metrics`)).text();
    for (const stage of ['tracker', 'cache', 'breaker', 'bulkhead', 'connector']) {
      expect(text).toMatch(new RegExp(`c360_silo_stage_duration_seconds_count\\{source="CRM",stage="${stage}",operation="findContacts"\\} [1-9]`));
    }
  });
});
