import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { siloDataQualityTruth, truthOf, type SandboxDefinition, type World } from '../../sandbox-kit/index.js';
import { SHOPIFY_API_VERSIONS } from '../api-versions.js';
import { servedApiVersion } from './api-version.js';
import { badRequestAnswer, notFoundAnswer, serverErrorAnswer, throttledAnswer, unauthorizedAnswer } from './answers.js';
import { createCostBucket, type ThrottleOptions } from './cost-bucket.js';
import { SHOPIFY_SANDBOX_CREDENTIALS } from './credentials.js';
import { createErasureQueue } from './erasure-queue.js';
import { runOperation, type Engine } from './run-operation.js';
import { sandboxSchema } from './sandbox-schema.js';
import { createShopifyStore } from './store.js';
import { shopifyWebhooks } from './webhooks.js';

/** How a Shopify sandbox differs from the default one. */
export interface ShopifySandboxOptions {
  /** The Admin API access token it accepts (default: SHOPIFY_SANDBOX_CREDENTIALS.accessToken). */
  accessToken?: string;
  /**
   * API versions it serves, oldest first (default: SHOPIFY_API_VERSIONS, the connector's). An older stable release
   * falls forward to the oldest of them, as Shopify's does; any other version answers 404.
   */
  apiVersions?: readonly string[];
  /** Enforce the query-cost leaky bucket (default off: costs are reported, never refused). */
  throttle?: ThrottleOptions | boolean;
  /** The single-query cost cap (default 1000). */
  maxQueryCost?: number;
  /** How long after `customerRequestDataErasure` accepts a request the customer is erased, in ms (default 2000). */
  erasureDelayMs?: number;
  /** The clock the query-cost bucket refills by (default `Date.now`); tests pin it so throttling does not hang on timing. */
  now?: () => number;
}

const operationBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/** `POST /admin/api/{version}/graphql.json`, with JSON or raw `application/graphql` bodies. */
function registerGraphqlRoute(app: FastifyInstance, engine: Engine, apiVersions: readonly string[]): void {
  app.addContentTypeParser('application/graphql', { parseAs: 'string' }, (_request, body, done) => done(null, { query: body }));
  app.post('/admin/api/:version/graphql.json', async (request, reply) => {
    const { version } = request.params as { version: string };
    const served = servedApiVersion(version, apiVersions);
    if (served === undefined) {
      const answer = notFoundAnswer();
      return reply.status(answer.status).send(answer.body);
    }
    const body = operationBody.safeParse(request.body);
    const answer = body.success ? await runOperation(engine, body.data) : badRequestAnswer();
    // The header names the version that answered, which differs from the path's when an expired one fell forward.
    return reply.status(answer.status).header('x-shopify-api-version', served).send(answer.body);
  });
}

/** Creates the Shopify Admin GraphQL imitation over a copy of the World's Shopify customers and orders. */
export function createShopifySandbox(world: World, options: ShopifySandboxOptions = {}): SandboxDefinition {
  const accessToken = options.accessToken ?? SHOPIFY_SANDBOX_CREDENTIALS.accessToken;
  const store = createShopifyStore(world);
  const throttle = options.throttle ?? false;
  const bucket = createCostBucket(typeof throttle === 'object' ? throttle : {}, throttle !== false, options.now);
  const erasures = createErasureQueue(store, options.erasureDelayMs ?? 2000);
  const engine: Engine = { schema: sandboxSchema(), store, erasures, bucket, maxQueryCost: options.maxQueryCost ?? 1000 };
  const truth = () => truthOf(store.customers.values());
  return {
    system: 'shopify',
    authorize: (request) => request.headers['x-shopify-access-token'] === accessToken,
    unauthorized: unauthorizedAnswer,
    // An injected throttle answers as if the bucket had just run dry: the wait it implies is one second.
    rateLimited: () => {
      const status = bucket.status();
      return throttledAnswer(status.restoreRate, { ...status, currentlyAvailable: 0 });
    },
    serverError: serverErrorAnswer,
    badRequest: badRequestAnswer,
    notFound: notFoundAnswer,
    headers: () => ({ 'x-request-id': randomUUID() }),
    routes: (app) => {
      registerGraphqlRoute(app, engine, options.apiVersions ?? SHOPIFY_API_VERSIONS);
      app.addHook('onClose', async () => erasures.close());
    },
    truth,
    dataQuality: siloDataQualityTruth(world, 'shopify', truth),
    webhooks: shopifyWebhooks(store),
  };
}
