import type { FastifyRequest } from 'fastify';
import { siloDataQualityTruth, truthOf, type SandboxDefinition, type World } from '../../sandbox-kit/index.js';
import { DEFAULT_SQUARE_VERSION, SQUARE_VERSIONS } from '../api-versions.js';
import { cannedAnswers } from './answers.js';
import { SQUARE_SANDBOX_CREDENTIALS } from './credentials.js';
import { customerRoutes } from './routes-customers.js';
import { installSquareGuards } from './http.js';
import { orderRoutes } from './routes-orders.js';
import { paymentRoutes } from './routes-payments.js';
import { SquareStore } from './store.js';
import { squareWebhooks } from './webhooks.js';

/** How a Square sandbox differs from the default one. */
export interface SquareSandboxOptions {
  /** The access token it accepts (default: SQUARE_SANDBOX_CREDENTIALS.accessToken). */
  accessToken?: string;
  /** Square-Version releases it answers, oldest first (default: SQUARE_VERSIONS, the connector's). */
  squareVersions?: readonly string[];
  /** The application's pinned version, used when a request names none (default: DEFAULT_SQUARE_VERSION). */
  pinnedVersion?: string;
  /** The clock behind Square's time-window defaults (ListPayments, open-ended order date filters). */
  now?: () => number;
}

/** Creates the imitation Square API (Customers, Orders, Payments, Locations) over a copy of the world's Square slice. */
export function createSquareSandbox(world: World, options: SquareSandboxOptions = {}): SandboxDefinition {
  const store = new SquareStore(world);
  const token = options.accessToken ?? SQUARE_SANDBOX_CREDENTIALS.accessToken;
  const now = options.now ?? Date.now;
  const versions = { served: options.squareVersions ?? SQUARE_VERSIONS, pinned: options.pinnedVersion ?? DEFAULT_SQUARE_VERSION };
  const truth = () => truthOf(store.customers);
  return {
    system: 'square',
    authorize(request: FastifyRequest) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      return match?.[1] === token;
    },
    ...cannedAnswers,
    routes(app) {
      void app.register(async (scope) => {
        installSquareGuards(scope, versions);
        customerRoutes(scope, store);
        orderRoutes(scope, store, now);
        paymentRoutes(scope, store, now);
      });
    },
    truth,
    dataQuality: siloDataQualityTruth(world, 'square', truth),
    webhooks: squareWebhooks(store),
  };
}
