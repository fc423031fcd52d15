import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SourceTimeout } from '../../src/model/index.js';
import { inSpan } from '../../src/tracing/index.js';

function rig() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('test') };
}

describe('inSpan', () => {
  it('runs the work without any span when there is no tracer (tracing off)', async () => {
    let given: unknown = 'unset';
    await expect(inSpan(undefined, 'x', { attributes: { a: 1 } }, async (span) => { given = span; return 7; })).resolves.toBe(7);
    expect(given).toBeUndefined();
  });

  it('ends the span with the work, with the attributes it was started with', async () => {
    const { exporter, tracer } = rig();
    await inSpan(tracer, 'work', { attributes: { 'c360.silo.source': 'CRM' } }, async (span) => span?.setAttribute('c360.cache.hit', true));
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('work');
    expect(span?.attributes).toEqual({ 'c360.silo.source': 'CRM', 'c360.cache.hit': true });
  });

  it('marks a failed span with the error\'s code only, never its message, and rethrows', async () => {
    const { exporter, tracer } = rig();
    const failure = new SourceTimeout('SUPPORT', 'timed out reading /api/v2/users/show_many?ids=123');
    await expect(inSpan(tracer, 'work', {}, async () => { throw failure; })).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span?.attributes).toEqual({ 'error.type': failure.code });
    expect(span?.events).toEqual([]);
  });
});
