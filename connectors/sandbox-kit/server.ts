import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DataQualityDefect, System } from '../../src/model/index.js';
import { dataQualityTruthQuery, type DataQualityTruthOptions } from './data-quality-truth.js';
import { decideFault, delayFor, faultsSchema, malform, type FaultDecision, type Faults } from './faults.js';
import { parseJsonBodies } from './json-bodies.js';
import { registerWebhookControl } from './webhook-control.js';
import type { DeliveryOptions } from './webhook-delivery.js';
import type { SandboxWebhooks } from './webhook-types.js';
import type { SiloTruth } from './world-types.js';

/** A vendor's canned answer: status, JSON body and headers. */
export interface VendorAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What makes a sandbox one vendor rather than another. */
export interface SandboxDefinition {
  system: System;
  /** Whether the request carries the vendor credentials this sandbox was given. */
  authorize(request: FastifyRequest): boolean;
  /** The vendor's own bodies for refused credentials, rate limiting, server errors and unparseable requests. */
  unauthorized(): VendorAnswer;
  rateLimited(): VendorAnswer;
  serverError(): VendorAnswer;
  badRequest(message: string): VendorAnswer;
  notFound(): VendorAnswer;
  /** Headers the vendor adds to every answer (rate-limit counters and the like). */
  headers?(): Record<string, string>;
  /** Registers the vendor API routes. */
  routes(app: FastifyInstance): void;
  /** For every person present in this silo, their record ids here. */
  truth(): SiloTruth;
  /** The data-quality defects of this silo's records (`siloDataQualityTruth`); without it the route answers 404. */
  dataQuality?(options: DataQualityTruthOptions): DataQualityDefect[];
  /** Record changes and the signed webhooks announcing them; without it the webhook control routes are absent. */
  webhooks?: SandboxWebhooks;
}

/** Where a sandbox listens and how slow it is at best. */
export interface SandboxOptions {
  host?: string;
  port?: number;
  baseLatencyMs?: number;
  /** Timeout, attempts and back-off of webhook delivery. */
  webhookDelivery?: DeliveryOptions;
  /** The key it signs webhooks with when a target names none; generated for this sandbox (random) unless given. */
  webhookSecret?: string;
}

/** A running sandbox silo. */
export interface RunningSandbox {
  system: System;
  url: string;
  /** The key its webhooks are signed with when `PUT /__sandbox/webhooks` names no secret: what a gateway verifies them with. */
  webhookSecret: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    sandboxFault?: FaultDecision;
  }
}

const CONTROL_PREFIX = '/__sandbox/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(reply: FastifyReply, answer: VendorAnswer): FastifyReply {
  return reply.status(answer.status).headers(answer.headers ?? {}).send(answer.body);
}

/** Starts one sandbox: the vendor routes behind the fault injector, plus the `/__sandbox/*` control surface. */
export async function startSandbox(definition: SandboxDefinition, options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { host = '127.0.0.1', port = 0, baseLatencyMs = 0, webhookDelivery } = options;
  // Never a constant of the repository: each sandbox (so each process) has its own unless one is set.
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  let faults: Faults = faultsSchema.parse({});
  let flip = false;
  const stats = { total: 0, byEndpoint: {} as Record<string, number> };

  app.get('/__sandbox/truth', async () => definition.truth());
  app.get('/__sandbox/truth/data-quality', async (request, reply) => {
    if (!definition.dataQuality) return reply.status(404).send({ error: 'this sandbox keeps no data-quality truth' });
    const parsed = dataQualityTruthQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      return reply.status(400).send({ error: 'invalid query', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
    return definition.dataQuality(parsed.data);
  });
  app.get('/__sandbox/stats', async () => stats);
  app.delete('/__sandbox/stats', async (_request, reply) => {
    stats.total = 0;
    stats.byEndpoint = {};
    return reply.status(204).send();
  });
  app.get('/__sandbox/faults', async () => faults);
  app.put('/__sandbox/faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.status(400).send({ error: 'invalid faults', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
    faults = parsed.data;
    return faults;
  });

  if (definition.webhooks) registerWebhookControl(app, definition.webhooks, webhookDelivery, webhookSecret);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const endpoint = `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`;
    stats.total += 1;
    stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
    const delay = delayFor(baseLatencyMs, faults);
    if (delay > 0) await sleep(delay);
    const fault = decideFault(faults);
    request.sandboxFault = fault;
    if (fault === 'outage') {
      // A silo that is down does not answer at all: the connection is dropped.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (!definition.authorize(request)) return send(reply, definition.unauthorized());
    if (fault === 'rateLimited') return send(reply, definition.rateLimited());
    if (fault === 'error') return send(reply, definition.serverError());
    reply.headers(definition.headers?.() ?? {});
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.sandboxFault !== 'malformed' || typeof payload !== 'string') return payload;
    flip = !flip;
    const { body, contentType } = malform(payload, flip);
    reply.header('content-type', contentType);
    return body;
  });

  app.setNotFoundHandler((_request, reply) => send(reply, definition.notFound()));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    if (error.statusCode && error.statusCode < 500) return send(reply, definition.badRequest(error.message));
    return send(reply, definition.serverError());
  });

  parseJsonBodies(app);
  definition.routes(app);
  await app.listen({ host, port });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    system: definition.system,
    url: `http://${host}:${boundPort}`,
    webhookSecret,
    app,
    close: () => app.close(),
  };
}
