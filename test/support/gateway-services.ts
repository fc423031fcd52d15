import { createPseudonymiser } from '../../src/access/index.js';
import type { AuditTrail } from '../../src/audit/index.js';
import { deriveKey } from '../../src/config/index.js';
import type { GatewayServices } from '../../src/context/index.js';
import { crawlPosition, createCursorCodec, createCustomerIdCodec, createLinkReview, DEFAULT_RESOLUTION_BOUNDS } from '../../src/identity/index.js';
import type { Silos } from '../../src/model/index.js';

/** What a suite that assembles the gateway by hand gives; the keys are derived from `secret` as src/app.ts does. */
export interface TestServicesOptions {
  silos: Silos;
  auditTrail: AuditTrail;
  /** The suite's GATEWAY_SECRET. */
  secret: string;
}

/** The gateway's services for a hand-assembled test stack: a 5 s deadline, 2.5 s per silo call, US phone numbers. */
export function testGatewayServices({ silos, auditTrail, secret }: TestServicesOptions): GatewayServices {
  const root = Buffer.from(secret);
  return {
    silos,
    customerIds: createCustomerIdCodec(deriveKey(root, 'customer-id/enc'), deriveKey(root, 'customer-id/iv')),
    crawlCursors: createCursorCodec(deriveKey(root, 'crawl-cursor'), crawlPosition),
    deadlineMs: 5000,
    siloTimeoutMs: 2500,
    phoneRegion: 'US',
    auditTrail,
    pseudonyms: createPseudonymiser(deriveKey(root, 'pseudonym')),
    identityBounds: DEFAULT_RESOLUTION_BOUNDS,
    linkReview: createLinkReview(deriveKey(root, 'identity/link-review'), 1000),
    timelineLookaheadMs: 365 * 86_400_000,
  };
}
