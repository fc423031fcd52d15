import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RecordInvalidator } from '../cache/index.js';
import { replyWithError } from '../errors/index.js';
import type { Source, System } from '../model/index.js';
import { applyEvents } from './apply-events.js';
import { createMemoryEventIdStore, type EventIdStore } from './event-id-store.js';
import { hubspotWebhook } from './hubspot.js';
import { shopifyWebhook } from './shopify.js';
import { isFresh, parseJsonKeepingBigIds } from './signing.js';
import { squareWebhook } from './square.js';
import type { Delivery, WebhookVendor } from './types.js';
import { zendeskWebhook } from './zendesk.js';

/** The vendors served, in route order: `POST /webhooks/<system>`. */
export const WEBHOOK_VENDORS: readonly WebhookVendor[] = [hubspotWebhook, shopifyWebhook, zendeskWebhook, squareWebhook];

/** Where the webhook layer writes its lines (pino's and Fastify's loggers fit). Counts and reasons only, no ids. */
export interface WebhookLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What the webhook routes are built from. */
export interface WebhookOptions {
  /** Drops cached records; the cache implements it. */
  invalidator: RecordInvalidator;
  /** Per vendor: HUBSPOT_CLIENT_SECRET, SHOPIFY_WEBHOOK_SECRET, ZENDESK_WEBHOOK_SECRET, SQUARE_SIGNATURE_KEY. A vendor without one answers 404. */
  secrets: Partial<Record<System, string | undefined>>;
  /**
   * PUBLIC_URL: the base URL vendors call, which HubSpot and Square sign. A function is read per request, for a
   * gateway that learns its own URL only once listening (PORT=0).
   */
  publicUrl: string | (() => string);
  /** Redelivery memory; an in-memory one (73 h, 100,000 ids) by default. */
  seen?: EventIdStore;
  /** Epoch ms, for timestamp windows. */
  now?: () => number;
  /** Defaults to the request's logger. */
  logger?: WebhookLogger;
  /** Largest webhook body, bytes (default 1 MiB: Shopify order payloads exceed the GraphQL limit). */
  bodyLimit?: number;
  /** Upper bound of one invalidation, ms (default 3000, below the vendors' delivery timeouts of about 5 s). */
  invalidateTimeoutMs?: number;
  /** Told of the records a delivery changed, after they were invalidated (not awaited). */
  onRecordsChanged?: (source: Source, recordIds: string[]) => void;
}

const BAD_PUBLIC_URL = 'PUBLIC_URL (publicUrl) is not an http(s) URL: set it to the base URL vendors deliver webhooks to';
const isHttpUrl = (url: string) => /^https?:\/\/[^/\s]+/i.test(url);

function deliveryOf(request: FastifyRequest): Delivery {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { method: request.method, url: request.url, headers: request.headers, body };
}

/**
 * Registers `POST /webhooks/{hubspot,shopify,zendesk,square}` in an encapsulated context whose only body parser
 * keeps the raw bytes (signatures are computed over them), leaving the JSON parser of /graphql untouched.
 * A delivery is verified (401 UNAUTHENTICATED and no effect when the signature is wrong, 401 WEBHOOK_STALE when
 * the time the vendor signed is outside its window), parsed (400 when not JSON or not the vendor's shape),
 * de-duplicated on what the signature covers (event ids in the body; Shopify: the body and topic), and the
 * records it names are invalidated before the 200.
 */
export async function registerWebhooks(app: FastifyInstance, options: WebhookOptions): Promise<void> {
  const configured = options.publicUrl;
  if (typeof configured === 'string' && !isHttpUrl(configured)) throw new Error(BAD_PUBLIC_URL);
  const publicUrlOf = typeof configured === 'string' ? () => configured : configured;
  const seen = options.seen ?? createMemoryEventIdStore();
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const timeoutMs = options.invalidateTimeoutMs ?? 3000;

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 413) return replyWithError(reply, 'PAYLOAD_TOO_LARGE', `webhook bodies are limited to ${bodyLimit} bytes`);
      return status === 500 ? replyWithError(reply, 'INTERNAL', 'the webhook could not be processed') : replyWithError(reply, 'BAD_REQUEST', 'unreadable webhook request', status);
    });

    for (const vendor of WEBHOOK_VENDORS) {
      scope.post(`/webhooks/${vendor.system}`, { bodyLimit }, async (request, reply) => {
        const log = options.logger ?? request.log;
        const secret = options.secrets[vendor.system];
        if (!secret) return replyWithError(reply, 'NOT_FOUND', `webhooks from ${vendor.system} are not configured`);
        const delivery = deliveryOf(request);
        const publicUrl = publicUrlOf();
        if (!isHttpUrl(publicUrl)) throw new Error(BAD_PUBLIC_URL);
        const verdict = vendor.verify(delivery, secret, { publicUrl, now: now() });
        if (!verdict.ok) {
          log.warn({ vendor: vendor.system, reason: verdict.reason }, 'webhook rejected');
          return replyWithError(reply, verdict.code ?? 'UNAUTHENTICATED', verdict.reason);
        }
        let payload: unknown;
        try {
          payload = parseJsonKeepingBigIds(delivery.body.toString('utf8'));
        } catch {
          return replyWithError(reply, 'BAD_REQUEST', 'the webhook body is not valid JSON');
        }
        const parsed = vendor.events(payload, delivery);
        if (!parsed.ok) return replyWithError(reply, 'BAD_REQUEST', parsed.reason);
        if (vendor.maxAge && parsed.signedAt !== undefined && !isFresh(parsed.signedAt, now(), vendor.maxAge)) {
          log.warn({ vendor: vendor.system, reason: 'stale' }, 'webhook rejected');
          return replyWithError(reply, 'WEBHOOK_STALE', `the event's signed time is outside the ${Math.round(vendor.maxAge.maxAgeMs / 3_600_000)}-hour window in which ${vendor.system} delivers it`);
        }
        try {
          const applied = await applyEvents(parsed.events, { system: vendor.system, seen, invalidator: options.invalidator, timeoutMs, ...(options.onRecordsChanged ? { onRecordsChanged: options.onRecordsChanged } : {}) });
          log.info({ vendor: vendor.system, ...applied }, 'webhook applied');
          return reply.status(200).send(applied);
        } catch (error) {
          log.warn({ vendor: vendor.system, error: error instanceof Error ? error.name : 'unknown' }, 'webhook invalidation failed');
          return replyWithError(reply, 'UNAVAILABLE', 'the records could not be invalidated; retry the delivery');
        }
      });
    }
  });
}
