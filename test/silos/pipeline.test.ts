import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCacheLayer } from '../../src/cache/index.js';
import { createSourceTracker } from '../../src/context/index.js';
import { createMetrics } from '../../src/metrics/index.js';
import { CircuitOpen, SOURCES, SourceUnavailable, type CallOptions, type CrmHistorySource, type FeedbackSource, type PrivacyConnector, type PrivacySilos, type Silos, type Source } from '../../src/model/index.js';
import {
  OPERATIONS,
  STAGES,
  createRequestScope,
  createSiloPipeline,
  type ArgsOf,
  type CallsOf,
  type OperationName,
  type OperationTable,
  type SiloCallOptions,
  type SiloOperations,
  type SiloPipelineOptions,
  type StageName,
  type StageTiming,
} from '../../src/silos/index.js';
import { contact } from '../identity/records.js';
import { fakeSilos, type FakeSilos } from '../resilience/fake-silos.js';

type PrivacyOperation = keyof CallsOf<PrivacyConnector>;

// One call of every operation, on the silos that offer it: an operation added to the contract must be added here too.
const READS: { readonly [K in Exclude<OperationName, PrivacyOperation>]: (silos: Silos, opts: CallOptions) => Promise<unknown> } = {
  getContacts: (s, o) => s.contacts.CRM.getContacts(['1'], o),
  findContacts: (s, o) => s.contacts.POS.findContacts([{ kind: 'email', value: 'a@example.com' }], o),
  listContacts: (s, o) => s.contacts.SUPPORT.listContacts({ first: 5 }, o),
  ordersFor: (s, o) => s.orders.ordersFor(['1'], { first: 5 }, o),
  getOrder: (s, o) => s.orders.getOrder('1', o),
  transactionsFor: (s, o) => s.pos.transactionsFor(['1'], { first: 5 }, o),
  getTransaction: (s, o) => s.pos.getTransaction('1', o),
  ticketsFor: (s, o) => s.tickets.ticketsFor(['1'], { first: 5, status: null }, o),
  getTicket: (s, o) => s.tickets.getTicket('1', o),
  npsAnswersFor: (s, o) => (s.feedback as FeedbackSource).npsAnswersFor(['1'], o),
  crmHistoryFor: (s, o) => (s.crmHistory as CrmHistorySource).crmHistoryFor(['1'], o),
};
const WRITES: { readonly [K in PrivacyOperation]: (privacy: PrivacySilos, opts: CallOptions) => Promise<unknown> } = {
  eraseRecord: (p, o) => p.CRM.eraseRecord('1', o),
  recordPresence: (p, o) => p.ECOMMERCE.recordPresence('1', o),
  writeEmailConsent: (p, o) => p.CRM.writeEmailConsent(contact('CRM', '1'), 'DENIED', o),
};

/** Privacy connectors that count their calls; the fakes of test/resilience stand in for the rest of the contract. */
function privacyFakes(): { privacy: PrivacySilos; calls: Record<Source, number> } {
  const calls = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
  const one = (source: Source): PrivacyConnector => ({
    source,
    eraseRecord: async () => (calls[source] += 1, { state: 'ERASED', receipts: [] }),
    recordPresence: async () => (calls[source] += 1, 'GONE'),
    writeEmailConsent: async () => (calls[source] += 1, { state: 'WRITTEN', detail: 'written', receipts: [] }),
  });
  return { privacy: Object.fromEntries(SOURCES.map((s) => [s, one(s)])) as PrivacySilos, calls };
}

/** Every stage on, over counting fakes, with each call's stage timings recorded. */
function rig(options: Partial<SiloPipelineOptions> = {}) {
  const fake: FakeSilos = fakeSilos();
  const writes = privacyFakes();
  const timings: StageTiming[] = [];
  const cache = createCacheLayer({
    ttlSeconds: { CRM: 30, ECOMMERCE: 30, SUPPORT: 30, POS: 30 },
    staleSeconds: 300,
    maxBytes: 1024 * 1024,
    redisPrefix: 'c360:',
    now: () => 1_700_000_000_000,
  });
  const pipeline = createSiloPipeline({ ...fake.silos, privacy: writes.privacy }, {
    cache,
    guard: { breaker: { now: () => 0 } },
    onStage: (timing) => void timings.push(timing),
    ...options,
  });
  const tracker = createSourceTracker();
  const request: SiloCallOptions = { request: createRequestScope(tracker, { deadline: Date.now() + 60_000, siloTimeoutMs: 60_000 }) };
  return { fake, writes, timings, pipeline, tracker, request };
}

/** The stages one call passed, innermost first (each reports when it is done), and what they were labelled with. */
const passed = (timings: readonly StageTiming[]) => timings.map((t) => `${t.source}.${t.operation}:${t.stage}`);

describe('the silo-call pipeline', () => {
  it('derives its operations from the connector contract, and tsc refuses one that no stage covers', () => {
    expectTypeOf<OperationName>().toEqualTypeOf<
      'getContacts' | 'findContacts' | 'listContacts' | 'ordersFor' | 'getOrder' | 'transactionsFor' | 'getTransaction'
      | 'ticketsFor' | 'getTicket' | 'npsAnswersFor' | 'crmHistoryFor' | 'eraseRecord' | 'recordPresence' | 'writeEmailConsent'
    >();
    expectTypeOf<(typeof STAGES)[number]>().toEqualTypeOf<StageName>();
    // A contract that gained a call the pipeline does not declare: tsc fails, so the call cannot pass unguarded.
    type WithRefund = SiloOperations & { refundOrder(orderId: string, opts?: CallOptions): Promise<boolean> };
    // @ts-expect-error refundOrder has no plan: no stage covers it
    const uncovered: OperationTable<WithRefund> = OPERATIONS;
    // Every stage finds a call's options last; a contract call that takes none has no arguments a stage could pass on.
    // @ts-expect-error a call without CallOptions
    const optionless: ArgsOf<(orderId: string) => Promise<boolean>> = ['1'];
    expect([uncovered, optionless]).toHaveLength(2);
    expect(Object.keys(OPERATIONS).sort()).toEqual([...Object.keys(READS), ...Object.keys(WRITES)].sort());
  });

  it('sends every read through tracker, cache, breaker, bulkhead and connector, in that order', async () => {
    const { timings, pipeline, request } = rig();
    for (const [operation, call] of Object.entries(READS)) {
      timings.length = 0;
      await call(pipeline.silos, request);
      const source = timings[0]?.source;
      expect(passed(timings), operation).toEqual(['connector', 'bulkhead', 'breaker', 'cache', 'tracker'].map((stage) => `${source}.${operation}:${stage}`));
    }
  });

  it('sends every call of the live path past the cache, data-subject writes through the breaker and bulkhead too', async () => {
    const { timings, pipeline, request } = rig();
    const live = [...Object.entries(READS).map(([op, call]) => [op, () => call(pipeline.live, request)] as const),
      ...Object.entries(WRITES).map(([op, call]) => [op, () => call(pipeline.live.privacy, request)] as const)];
    for (const [operation, call] of live) {
      timings.length = 0;
      await call();
      const source = timings[0]?.source;
      expect(passed(timings), operation).toEqual(['connector', 'bulkhead', 'breaker', 'tracker'].map((stage) => `${source}.${operation}:${stage}`));
    }
  });

  it('reads live on the live path: what the gateway path answers from the cache, the live path asks the silo for', async () => {
    const { fake, pipeline } = rig();
    await pipeline.silos.contacts.CRM.getContacts(['1']);
    await pipeline.silos.contacts.CRM.getContacts(['1']);
    expect(fake.calls.CRM).toBe(1);
    await pipeline.live.contacts.CRM.getContacts(['1']);
    await pipeline.live.contacts.CRM.getContacts(['1']);
    expect(fake.calls.CRM).toBe(3);
  });

  it('keeps one circuit per silo for both paths: once the reads open it, privacy writes are shed without calling the silo', async () => {
    const { fake, writes, pipeline } = rig({ cache: undefined, guard: { breaker: { minCalls: 2, now: () => 0 } } });
    fake.behave('CRM', async () => {
      throw new SourceUnavailable('CRM', 'failed with HTTP 503', 503);
    });
    for (let i = 0; i < 2; i++) await expect(pipeline.silos.contacts.CRM.getContacts(['1'])).rejects.toBeInstanceOf(SourceUnavailable);
    expect(pipeline.breakerStates().CRM).toBe('open');
    await expect(pipeline.live.privacy.CRM.eraseRecord('1')).rejects.toBeInstanceOf(CircuitOpen);
    await expect(pipeline.live.privacy.CRM.writeEmailConsent(contact('CRM', '1'), 'GRANTED')).rejects.toBeInstanceOf(CircuitOpen);
    expect(writes.calls.CRM).toBe(0);
    expect(await pipeline.live.privacy.POS.eraseRecord('1')).toMatchObject({ state: 'ERASED' });
  });

  it('times each stage into silo_stage_duration_seconds by silo, stage and operation', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const { pipeline, request } = rig({ onStage: metrics.observeStage });
    await pipeline.silos.contacts.CRM.getContacts(['1'], request);
    await pipeline.live.privacy.SUPPORT.recordPresence('1', request);
    const text = await metrics.render();
    for (const stage of ['tracker', 'cache', 'breaker', 'bulkhead', 'connector']) {
      expect(text).toContain(`c360_silo_stage_duration_seconds_count{source="CRM",stage="${stage}",operation="getContacts"} 1`);
    }
    for (const stage of ['tracker', 'breaker', 'bulkhead', 'connector']) {
      expect(text).toContain(`c360_silo_stage_duration_seconds_count{source="SUPPORT",stage="${stage}",operation="recordPresence"} 1`);
    }
    expect(text).not.toContain('stage="cache",operation="recordPresence"');
  });
});
