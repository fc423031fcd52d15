import type { FastifyRequest } from 'fastify';
import { truthOf, type SandboxDefinition, type World } from '../../sandbox-kit/index.js';
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
  /** The clock behind Square's time-window defaults (ListPayments, open-ended order date filters). */
  now?: () => number;
}

/** Creates the imitation Square API (Customers, Orders, Payments, Locations) over a copy of the world's Square slice. */
export function createSquareSandbox(world: World, options: SquareSandboxOptions = {}): SandboxDefinition {
  const store = new SquareStore(world);
  const token = options.accessToken ?? SQUARE_SANDBOX_CREDENTIALS.accessToken;
  const now = options.now ?? Date.now;
  return {
    system: 'square',
    authorize(request: FastifyRequest) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      return match?.[1] === token;
    },
    ...cannedAnswers,
    routes(app) {
      void app.register(async (scope) => {
        installSquareGuards(scope);
        customerRoutes(scope, store);
        orderRoutes(scope, store, now);
        paymentRoutes(scope, store, now);
      });
    },
    truth: () => truthOf(store.customers),
    webhooks: squareWebhooks(store),
  };
}
