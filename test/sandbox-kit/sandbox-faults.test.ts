import { describe, expect, it } from 'vitest';
import { decideFault, delayFor, faultsSchema, type Faults } from '../../connectors/sandbox-kit/index.js';
import { fakeVendor } from './fixtures/fake-vendor.js';
import { useSandbox } from './use-sandbox.js';

const { call, control, setFaults, search } = useSandbox();
const faults = (set: Partial<Faults>): Faults => faultsSchema.parse(set);
/** A random source that answers the given numbers in turn. */
const dice = (...values: number[]) => () => values.shift() ?? 0.999;
const isJson = (text: string) => { try { JSON.parse(text); return true; } catch { return false; } };

describe('sandbox faults over HTTP', () => {
  it('drops the connection during an outage, so the call rejects without an answer', async () => {
    await setFaults({ outage: true });
    await expect(call('/v1/widgets/1')).rejects.toThrow();
    await expect(search('{}')).rejects.toThrow();
  });

  it("answers errorRate 1 with the definition's serverError answer", async () => {
    await setFaults({ errorRate: 1 });
    const res = await call('/v1/widgets/1');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(fakeVendor.serverError().body);
  });

  it("answers rateLimitRate 1 with the definition's rateLimited answer and its headers", async () => {
    await setFaults({ rateLimitRate: 1 });
    const res = await search('{"q":"x"}');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-fake-limit')).toBe('0');
    expect(await res.json()).toEqual(fakeVendor.rateLimited().body);
  });

  it('answers malformedRate 1 alternately with truncated JSON and an HTML page, neither parseable', async () => {
    await setFaults({ malformedRate: 1 });
    const full = JSON.stringify({ id: '1', name: 'Widget 1' });
    const answers = await Promise.all([1, 2, 3, 4].map(async () => {
      const res = await call('/v1/widgets/1');
      return { type: res.headers.get('content-type') ?? '', text: await res.text() };
    }));
    for (const { text } of answers) expect(isJson(text)).toBe(false);
    const truncated = answers.filter((a) => a.type.startsWith('application/json'));
    const html = answers.filter((a) => a.type.startsWith('text/html'));
    expect(truncated).toHaveLength(2);
    expect(html).toHaveLength(2);
    for (const { text } of truncated) expect(full.startsWith(text) && text.length < full.length).toBe(true);
    for (const { text } of html) expect(text).toContain('<html>');
  });

  it('holds a request at least latencyMs (a lower bound only)', async () => {
    await setFaults({ latencyMs: 200 });
    const started = performance.now();
    expect((await call('/v1/widgets/1')).status).toBe(200);
    // 2 ms of slack for timer granularity; no upper bound is asserted.
    expect(performance.now() - started).toBeGreaterThanOrEqual(198);
  });

  it('never faults, delays or counts the control surface', async () => {
    await setFaults({ outage: true, errorRate: 1, latencyMs: 60_000 });
    expect((await control('GET', 'truth')).status).toBe(200);
    expect((await control('GET', 'faults')).status).toBe(200);
    expect(await (await control('GET', 'stats')).json()).toEqual({ total: 0, byEndpoint: {} });
    await setFaults({});
    expect((await call('/v1/widgets/1')).status).toBe(200);
  });
});

describe('sandbox base latency', () => {
  const slow = useSandbox({ baseLatencyMs: 150 });

  it('holds every vendor request at least the base latency, with no faults set', async () => {
    const started = performance.now();
    expect((await slow.call('/v1/widgets/1')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(148);
  });
});

describe('decideFault', () => {
  it('lets an outage win over every other fault', () => {
    expect(decideFault(faults({ outage: true, errorRate: 1, rateLimitRate: 1 }), dice(0))).toBe('outage');
  });

  it('rolls rate limit, then error, then malformed, one die each', () => {
    const all = faults({ rateLimitRate: 0.5, errorRate: 0.5, malformedRate: 0.5 });
    expect(decideFault(all, dice(0.4))).toBe('rateLimited');
    expect(decideFault(all, dice(0.6, 0.4))).toBe('error');
    expect(decideFault(all, dice(0.6, 0.6, 0.4))).toBe('malformed');
    expect(decideFault(all, dice(0.6, 0.6, 0.6))).toBe('none');
  });

  it('never faults at rate 0 and always at rate 1', () => {
    expect(decideFault(faults({}), dice(0, 0, 0))).toBe('none');
    expect(decideFault(faults({ errorRate: 1 }), dice(0.999, 0.999))).toBe('error');
  });
});

describe('delayFor', () => {
  it('adds base latency, fault latency and a rounded share of the jitter', () => {
    expect(delayFor(10, faults({ latencyMs: 20, jitterMs: 100 }), () => 0.5)).toBe(80);
    expect(delayFor(10, faults({ latencyMs: 20, jitterMs: 100 }), () => 0)).toBe(30);
    expect(delayFor(0, faults({ jitterMs: 3 }), () => 0.999)).toBe(3);
    expect(delayFor(0, faults({}), () => 0.999)).toBe(0);
  });
});
