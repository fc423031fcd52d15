import type { FastifyRequest } from 'fastify';
import { parseJsonBodies, siloDataQualityTruth, truthOf, type SandboxDefinition, type World } from '../../sandbox-kit/index.js';
import { internalError, invalidAuthentication, objectNotFound, rateLimitAnswer, validationError } from './answers.js';
import { send } from './associations.js';
import { HUBSPOT_SANDBOX_CREDENTIALS, type HubSpotSandboxCredentials } from './credentials.js';
import { createRateLimiter, type HubSpotRateLimits, type RateBucket } from './rate-limiter.js';
import { associationRoutes } from './routes-associations.js';
import { contactRoutes, gdprRoutes } from './routes-contacts.js';
import { createRoutes } from './routes-create.js';
import { feedbackRoutes } from './routes-feedback.js';
import { preferenceRoutes } from './routes-preferences.js';
import { searchRoutes } from './routes-search.js';
import { ContactStore, type StoredContact } from './store.js';
import { hubspotWebhooks } from './webhooks.js';

/** How a HubSpot sandbox differs from the default one. */
export interface HubSpotSandboxOptions {
  /** The token it accepts; HUBSPOT_SANDBOX_CREDENTIALS by default. */
  credentials?: HubSpotSandboxCredentials;
  /** Enforce HubSpot's ten-secondly, per-second search and daily limits (off by default: only counted). */
  rateLimits?: HubSpotRateLimits;
  /** The clock the rate-limit windows roll by (default `Date.now`); tests pin it so a window does not hang on timing. */
  now?: () => number;
}

// Per the spec, search and v4 association batch reads are exempt from the ten-secondly bucket.
function bucketOf(request: FastifyRequest): RateBucket {
  const route = request.routeOptions.url ?? '';
  if (route === '/crm/v3/objects/contacts/search' || route === '/crm/v3/objects/feedback_submissions/search') return 'search';
  return route.startsWith('/crm/v4/associations/') ? 'exempt' : 'general';
}

/** Imitates HubSpot's CRM API over a copy of the world's HubSpot contacts and their feedback submissions. */
export function createHubSpotSandbox(world: World, options: HubSpotSandboxOptions = {}): SandboxDefinition {
  const { accessToken } = options.credentials ?? HUBSPOT_SANDBOX_CREDENTIALS;
  const store = new ContactStore(world);
  const limiter = createRateLimiter(options.rateLimits, options.now);
  const withHeaders = <T extends { headers?: Record<string, string> }>(answer: T) => ({ ...answer, headers: { ...limiter.headers(), ...answer.headers } });

  // A contact created through the API belongs to no generated person unless the control surface said whose it is.
  const truth = () => truthOf(store.contacts.filter((c): c is StoredContact & { personId: number } => c.personId !== null));
  return {
    system: 'hubspot',
    authorize: (request) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      return match?.[1] === accessToken;
    },
    unauthorized: () => withHeaders(invalidAuthentication()),
    // The fault injector's 429 is the one HubSpot documents: the daily quota is spent.
    rateLimited: () => rateLimitAnswer('DAILY', limiter.exhaustedHeaders()),
    serverError: () => withHeaders(internalError()),
    badRequest: (message) => withHeaders(validationError(/json/i.test(message) ? 'Invalid input JSON: the body could not be parsed' : 'Invalid input')),
    notFound: () => withHeaders(objectNotFound('Resource not found')),
    headers: () => limiter.headers(),
    routes(app) {
      // HubSpot takes a POST without a body (unsubscribe-all has none) whatever content type it names (axios sends
      // a form type on a body-less POST); Fastify refuses an empty JSON body and unknown types. Bodies stay JSON only.
      parseJsonBodies(app, () => true);
      app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
        if (body.toString().trim() === '') return done(null, undefined);
        done(Object.assign(new Error('Unsupported Media Type: send JSON'), { statusCode: 415 }), undefined);
      });
      app.addHook('onRequest', async (request, reply) => {
        if (reply.sent || request.url.startsWith('/__sandbox/')) return;
        const policy = limiter.take(bucketOf(request));
        if (policy) return send(reply, rateLimitAnswer(policy, limiter.headers()));
        reply.headers(limiter.headers());
      });
      contactRoutes(app, store);
      searchRoutes(app, store);
      associationRoutes(app, store);
      preferenceRoutes(app, store);
      gdprRoutes(app, store);
      createRoutes(app, store);
      feedbackRoutes(app, store.feedback);
    },
    truth,
    dataQuality: siloDataQualityTruth(world, 'hubspot', truth),
    webhooks: hubspotWebhooks(store),
  };
}
