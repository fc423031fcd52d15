import { describe } from 'vitest';
import { generateWorld } from '../../../connectors/sandbox-kit/index.js';
import type { ContactConnector } from '../../../src/model/index.js';
import { describeMockFailures } from './contract-mock-failures.js';
import { describeMockLookups } from './contract-mock-lookups.js';
import { describeMockReads } from './contract-mock-reads.js';
import { describeSandboxFaults } from './contract-sandbox-faults.js';
import { describeSandboxReads } from './contract-sandbox-reads.js';
import type { ConnectorContractSubject } from './contract-subject.js';
import { useMockVendor } from './mock-vendor.js';
import { useSandboxVendor } from './sandbox-vendor.js';

export type * from './contract-subject.js';

/**
 * Defines the contract every connector keeps, as one vitest suite run against `subject`: first against the vendor's
 * own payloads served by msw (batching bounds, paging, look-ups that give every key an entry and cannot be widened,
 * typed errors that leak nothing, rate limits waited out or surfaced, provenance on every record), then against the
 * vendor's sandbox over a generated world (the same reads counted by the sandbox, its truth, and every fault knob).
 * A vendor's own suites keep only what is vendor-specific.
 */
export function defineConnectorContract<C extends ContactConnector>(subject: ConnectorContractSubject<C>): void {
  describe(`${subject.vendor} connector contract, against the vendor's own payloads`, () => {
    // msw intercepts every request of the process while it listens: it does so only inside this block.
    const vendor = useMockVendor();
    describeMockReads(subject, vendor);
    describeMockLookups(subject, vendor);
    describeMockFailures(subject, vendor);
  });

  describe(`${subject.vendor} connector contract, against its sandbox`, () => {
    const world = generateWorld({ seed: 42, people: subject.sandbox.people });
    const sandbox = useSandboxVendor(() => subject.sandbox.definition(world));
    describeSandboxReads(subject, world, sandbox);
    describeSandboxFaults(subject, world, sandbox);
  });
}
