import type { SandboxDefinition, VendorAnswer, World } from '../../sandbox-kit/index.js';
import { siloDataQualityTruth, truthOf } from '../../sandbox-kit/index.js';
import { ZENDESK_SANDBOX_CREDENTIALS, isAuthorizedBy, type ZendeskCredentials } from '../auth.js';
import * as answers from './answers.js';
import { createDeletionLimit } from './deletion-limit.js';
import { registerDeletionRoutes } from './routes-deletion.js';
import { registerSearchRoutes } from './routes-search.js';
import { registerTicketRoutes } from './routes-tickets.js';
import { registerUserRoutes } from './routes-users.js';
import { createStore, heldUsers } from './store.js';
import { zendeskWebhooks } from './webhooks.js';

/** How the Zendesk sandbox behaves beyond its data. */
export interface ZendeskSandboxOptions {
  /** The API-token credentials it accepts (default `ZENDESK_SANDBOX_CREDENTIALS`). */
  credentials?: ZendeskCredentials;
  /** The `Retry-After` it sends with an injected 429 (default 1 second). */
  retryAfterSeconds?: number;
  /** The account's per-minute limit reported in `X-Rate-Limit` (default 700, Enterprise). */
  rateLimitPerMinute?: number;
  /** Refuse requests past `rateLimitPerMinute` with Zendesk's 429 and `Retry-After` (off by default: only counted and reported). */
  enforceRateLimit?: boolean;
  /** The clock the minute windows follow (default `Date.now`); tests hold it so a window does not hang on timing. */
  now?: () => number;
  /** Permanent user deletions allowed in any 10 minutes before a 429 with `Retry-After` (default 700, as Zendesk). */
  permanentDeletionLimit?: number;
}

/** Creates the imitation of the Zendesk Support API over the Zendesk slice of a world (copied, so it can change). */
export function createZendeskSandbox(world: World, options: ZendeskSandboxOptions = {}): SandboxDefinition {
  const store = createStore(world);
  const credentials = options.credentials ?? ZENDESK_SANDBOX_CREDENTIALS;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const minute = answers.createMinuteLimit(options.rateLimitPerMinute ?? 700, options.enforceRateLimit ?? false, options.now);
  const deletionLimit = createDeletionLimit(options.permanentDeletionLimit ?? 700);
  const withLimits = (answer: VendorAnswer, exhausted = false): VendorAnswer => ({
    ...answer,
    headers: { ...minute.headers(exhausted), ...answer.headers },
  });
  const truth = () => truthOf(heldUsers(store));
  return {
    system: 'zendesk',
    authorize: (request) => isAuthorizedBy(request.headers.authorization, credentials),
    unauthorized: () => withLimits(answers.unauthorized()),
    rateLimited: () => withLimits(answers.rateLimited(retryAfterSeconds), true),
    serverError: () => withLimits(answers.serverError()),
    badRequest: (message) => answers.badRequest(message),
    notFound: () => answers.invalidEndpoint(),
    headers: () => minute.headers(),
    routes(app) {
      // Every API request counts against the minute, and past the limit (when enforced) gets Zendesk's 429.
      app.addHook('onRequest', async (request, reply) => {
        if (reply.sent || request.url.startsWith('/__sandbox/')) return;
        if (!minute.take()) return reply.status(429).headers({ ...minute.headers(true), ...answers.rateLimited(minute.resetSeconds()).headers }).send('Too Many Requests');
        reply.headers(minute.headers());
      });
      registerUserRoutes(app, store);
      registerTicketRoutes(app, store);
      registerSearchRoutes(app, store);
      registerDeletionRoutes(app, store, deletionLimit);
    },
    // A soft-deleted user is still held; a permanently deleted one is not.
    truth,
    dataQuality: siloDataQualityTruth(world, 'zendesk', truth),
    webhooks: zendeskWebhooks(store),
  };
}
