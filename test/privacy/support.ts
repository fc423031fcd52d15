import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import { SYSTEMS } from '../../connectors/index.js';
import type { System } from '../../src/model/index.js';
import type { TestStack } from '../support/stack.js';

/** Settings that make erasure jobs and Shopify's deferred erasure quick enough to watch in a test. */
export const FAST_PRIVACY: Record<string, string> = {
  ERASURE_POLL_MS: '50',
  ERASURE_RETRY_BASE_MS: '100',
  ERASURE_RETRY_CAP_MS: '400',
  ERASURE_VENDOR_POLL_MS: '150',
  ERASURE_LEASE_MS: '2000',
  SANDBOX_SHOPIFY_ERASURE_DELAY_MS: '400',
};

/** Everything the API shows of an erasure request. */
export const ERASURE_FIELDS = `
  id status requestedAt requestedBy completedAt joinedExisting
  steps { source status attempts nextAttemptAt lastError records { recordId state } receipts { recordId attempt vendor { operation httpStatus response at } } }
  forReview { source recordId matchedOn confidence }
  readBack { source recordId reason }`;

/** An erasure request as the tests read it. */
export interface ErasureView {
  id: string;
  status: string;
  completedAt: string | null;
  joinedExisting: boolean;
  steps: {
    source: string;
    status: string;
    attempts: number;
    lastError: string | null;
    records: { recordId: string; state: string }[];
    receipts: { recordId: string; attempt: number; vendor: { operation: string; httpStatus: number; response: string; at: string } }[];
  }[];
  readBack: { source: string; recordId: string; reason: string }[] | null;
}

const FINISHED = new Set(['COMPLETED', 'COMPLETED_WITH_REMAINS', 'NOTHING_FOUND']);

/** What watching an erasure needs: a GraphQL query as the privacy role (a test stack, or a gateway in another process). */
export type PrivacyQuery = <T>(query: string, variables: Record<string, unknown>) => Promise<{ data?: T | null }>;

/** The privacy role's queries against a test stack. */
export const asPrivacy = (t: TestStack): PrivacyQuery => (query, variables) => t.query(query, variables, { role: 'privacy' });

/** Reads an erasure request until `until` holds for it (bounded: about `attempts` × 100 ms). */
export async function watchErasure(t: TestStack | PrivacyQuery, id: string, until: (view: ErasureView) => boolean = (v) => FINISHED.has(v.status), attempts = 200): Promise<ErasureView> {
  const query = typeof t === 'function' ? t : asPrivacy(t);
  let last: ErasureView | null = null;
  for (let n = 0; n < attempts; n++) {
    const res = await query<{ erasureRequest: ErasureView }>(`query($id: ID!) { erasureRequest(id: $id) { ${ERASURE_FIELDS} } }`, { id });
    last = res.data?.erasureRequest ?? null;
    if (last && until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`erasure ${id} never reached the expected state; last seen: ${JSON.stringify(last)}`);
}

/** The person's record ids in every sandbox, as its truth says now. */
export async function recordsOf(t: TestStack, person: Person): Promise<Record<System, string[]>> {
  const entries = await Promise.all(SYSTEMS.map(async (system) => [system, (await t.truth(system))[String(person.id)] ?? []] as const));
  return Object.fromEntries(entries) as Record<System, string[]>;
}

/** A person of the world with records in the CRM, the shop, the desk and the POS (their email reaches all of them). */
export function emailOf(world: World, person: Person): string {
  return person.email;
}
