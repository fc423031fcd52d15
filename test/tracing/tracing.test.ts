import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import { tracingSettings } from '../../src/config/index.js';
import { createTracing, NO_TRACING } from '../../src/tracing/index.js';
import { startTestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

/** An OTLP/HTTP collector on a loopback port that keeps what is posted to it. */
async function startCollector() {
  const received: { path: string; contentType: string | undefined; body: string }[] = [];
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const server = createServer(async (req, res) => {
    received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: await read(req) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const delegate = () => (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();

describe('tracing settings', () => {
  it('is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and names the service customer-360-gateway by default', () => {
    expect(tracingSettings.parse({})).toEqual({ tracesUrl: undefined, serviceName: 'customer-360-gateway' });
    expect(createTracing(tracingSettings.parse({}))).toBe(NO_TRACING);
    expect(delegate()).not.toBeInstanceOf(NodeTracerProvider);
  });

  it('posts to the collector\'s /v1/traces, under the path the endpoint has', () => {
    expect(tracingSettings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracingSettings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/collector/', OTEL_SERVICE_NAME: 'c360-eu' }))
      .toEqual({ tracesUrl: 'https://otel.example/collector/v1/traces', serviceName: 'c360-eu' });
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(tracingSettings.safeParse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://127.0.0.1:4317' }).success).toBe(false);
    expect(tracingSettings.safeParse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).success).toBe(false);
  });
});

describe('the OTLP exporter', () => {
  it('sends the spans still queued when the gateway shuts down, and unregisters its provider', async () => {
    const collector = await startCollector();
    try {
      const stack = await startTestStack({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'c360-test' });
      expect(delegate()).toBeInstanceOf(NodeTracerProvider);
      const person = personEverywhere(testWorld(), 4);
      const res = await stack.query('query Find($email: String!) { findCustomers(email: $email) { id } }', { email: person.email }, { role: 'support' });
      expect(res.errors).toBeUndefined();
      // The batch processor holds the spans (5 s between exports); the ordered shutdown flushes it.
      await stack.close();
      const posted = collector.received.filter((r) => r.path === '/v1/traces');
      expect(posted.length).toBeGreaterThan(0);
      const spans = posted.flatMap((r) => (JSON.parse(r.body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[] }).resourceSpans);
      expect(spans.flatMap((r) => r.resource.attributes.filter((a) => a.key === 'service.name').map((a) => a.value.stringValue))).toContain('c360-test');
      const names = spans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
      expect(names).toContain('query Find');
      expect(names).toContain('identity round');
      expect(delegate()).not.toBeInstanceOf(NodeTracerProvider);
    } finally {
      await collector.close();
    }
  });
});
