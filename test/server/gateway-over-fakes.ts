import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditTrail, type AuditTrail } from '../../src/audit/index.js';
import { createAuthenticator, issueToken, type Role } from '../../src/auth/index.js';
import { createMetrics } from '../../src/metrics/index.js';
import type { BreakerState, GuardOptions } from '../../src/resilience/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/index.js';
import { createSiloPipeline } from '../../src/silos/index.js';
import type { Source } from '../../src/model/index.js';
import { createFakeSilos, type FakeSilos } from '../cache/fake-silos.js';
import { testGatewayServices } from '../support/gateway-services.js';
import { scratchDatabase } from '../support/services.js';

const JWT_SECRET = 'server-suite-jwt-secret-of-sufficient-length';

/** The gateway alone over in-memory silos, not yet listening: what src/server does, without sandboxes. */
export interface GatewayOverFakes {
  gateway: Gateway;
  fakes: FakeSilos;
  /** The base URL once `listen()` has run. */
  url: string;
  listen(): Promise<string>;
  /** A bearer token for a role, as `server-<role>` unless another `sub` is given. */
  token(role?: Role, sub?: string): Promise<string>;
  auditTrail: AuditTrail;
  /** Closes the gateway and drops its database; a second call waits for the first. */
  close(): Promise<void>;
  /** The silos' circuits: all closed unless the rig was built `guarded`. */
  breakerStates(): Record<Source, BreakerState>;
}

/** What a suite may add to the rig: an admission gate, metrics at /metrics, breakers and bulkheads in front of the fakes, transport settings, a logger. */
export interface GatewayOverFakesOptions {
  admission?: GatewayOptions['admission'];
  metrics?: boolean;
  /** The fakes behind the silo pipeline's guard stages (breaker, bulkhead), as the product runs them, with these options. */
  guarded?: GuardOptions;
  /** The HTTP server's timeouts and connection caps (small ones, in transport tests). */
  transport?: GatewayOptions['transport'];
  logger?: GatewayOptions['logger'];
  /** Per-caller budgets (CALLER_*_PER_MINUTE). */
  budgets?: GatewayOptions['budgets'];
  /** The web origins allowed to call from a browser (CORS_ALLOWED_ORIGINS). */
  cors?: GatewayOptions['cors'];
}

/** Builds it with a 1 KiB body limit (so a 413 needs no large body), its audit trail in a scratch database. */
export async function createGatewayOverFakes(options: GatewayOverFakesOptions = {}): Promise<GatewayOverFakes> {
  const fakes = createFakeSilos();
  // Guarded: the product's path (request tracker → breaker → bulkhead), without the record cache.
  const pipeline = options.guarded ? createSiloPipeline(fakes.silos, { guard: options.guarded }) : null;
  const database = await scratchDatabase();
  const auditTrail = await createAuditTrail({ ...(database ? { databaseUrl: database.url } : {}), dataDir: mkdtempSync(join(tmpdir(), 'c360-server-')) });
  const gateway = await createGateway({
    authenticator: createAuthenticator({ jwtSecret: JWT_SECRET }),
    bodyLimit: 1024,
    services: testGatewayServices({ silos: pipeline?.silos ?? fakes.silos, auditTrail, secret: 'server-suite-gateway-secret' }),
    ...(options.admission ? { admission: options.admission } : {}),
    ...(options.metrics ? { metrics: createMetrics({ processMetrics: false }) } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.budgets ? { budgets: options.budgets } : {}),
    ...(options.cors ? { cors: options.cors } : {}),
  });
  let closed: Promise<void> | undefined;
  const rig: GatewayOverFakes = {
    gateway,
    fakes,
    url: '',
    async listen() {
      rig.url = await gateway.listen(0, '127.0.0.1');
      return rig.url;
    },
    breakerStates: () => pipeline?.breakerStates() ?? { CRM: 'closed', ECOMMERCE: 'closed', SUPPORT: 'closed', POS: 'closed' },
    token: (role = 'support', sub = `server-${role}`) => issueToken(JWT_SECRET, { sub, roles: [role] }),
    auditTrail,
    close() {
      closed ??= gateway.close().then(() => database?.drop());
      return closed;
    },
  };
  return rig;
}
