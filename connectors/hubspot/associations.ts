import type { CallOptions } from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { HubSpotClient } from './client.js';
import { HUBSPOT_LIMITS, isHubSpotId, type HubSpotAssociationTarget } from './limits.js';

/** The association reads of the HubSpot connector: the companies or deals of many contacts at once. */
export function createAssociationReads(client: HubSpotClient, { concurrency, maxPages }: { concurrency: number; maxPages: number }) {
  /** The ids of the companies or deals each contact is associated with; every requested id gets an entry. */
  async function associationsFor(contactIds: readonly string[], to: HubSpotAssociationTarget, opts?: CallOptions) {
    const wanted = contactIds.filter(isHubSpotId);
    const read = await inBatches(wanted, HUBSPOT_LIMITS.associationsBatchRead, async (batch) => {
      const { results } = await client.associationsBatch(to, batch, opts);
      const out = new Map<string, string[]>();
      for (const result of results) {
        const ids = result.to.map((t) => t.toObjectId);
        // A contact with more associations than one batch page holds is followed up on its own.
        let after = result.paging?.next?.after;
        for (let page = 1; after !== undefined && page < maxPages; page++) {
          const more = await client.associationsOf(result.from.id, to, after, opts);
          ids.push(...(more?.results.map((t) => t.toObjectId) ?? []));
          after = more?.paging?.next?.after;
        }
        out.set(result.from.id, [...new Set(ids)]);
      }
      return out;
    }, concurrency);
    return new Map(contactIds.map((id) => [id, read.get(id) ?? []]));
  }

  return { associationsFor };
}
