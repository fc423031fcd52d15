import type { SandboxDefinition, VendorAnswer, World } from '../../sandbox-kit/index.js';
import { truthOf } from '../../sandbox-kit/index.js';
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
  /** Permanent user deletions allowed in any 10 minutes before a 429 with `Retry-After` (default 700, as Zendesk). */
  permanentDeletionLimit?: number;
}

/** Creates the imitation of the Zendesk Support API over the Zendesk slice of a world (copied, so it can change). */
export function createZendeskSandbox(world: World, options: ZendeskSandboxOptions = {}): SandboxDefinition {
  const store = createStore(world);
  const credentials = options.credentials ?? ZENDESK_SANDBOX_CREDENTIALS;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const limitHeaders = answers.rateLimitHeaders(options.rateLimitPerMinute ?? 700);
  const deletionLimit = createDeletionLimit(options.permanentDeletionLimit ?? 700);
  const withLimits = (answer: VendorAnswer, exhausted = false): VendorAnswer => ({
    ...answer,
    headers: { ...limitHeaders(exhausted), ...answer.headers },
  });
  return {
    system: 'zendesk',
    authorize: (request) => isAuthorizedBy(request.headers.authorization, credentials),
    unauthorized: () => withLimits(answers.unauthorized()),
    rateLimited: () => withLimits(answers.rateLimited(retryAfterSeconds), true),
    serverError: () => withLimits(answers.serverError()),
    badRequest: (message) => answers.badRequest(message),
    notFound: () => answers.invalidEndpoint(),
    headers: () => limitHeaders(),
    routes(app) {
      registerUserRoutes(app, store);
      registerTicketRoutes(app, store);
      registerSearchRoutes(app, store);
      registerDeletionRoutes(app, store, deletionLimit);
    },
    // A soft-deleted user is still held; a permanently deleted one is not.
    truth: () => truthOf(heldUsers(store)),
    webhooks: zendeskWebhooks(store),
  };
}
