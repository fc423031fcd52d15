import type { CallOptions, ConsentState, CrmPropertyChange } from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { HubSpotClient } from './client.js';
import { HUBSPOT_LIMITS, isHubSpotId } from './limits.js';
import { emailConsentOf } from './mapping.js';
import type { HubSpotContactHistory, HubSpotValueWithTimestamp } from './schemas.js';

type Entry = HubSpotValueWithTimestamp & { property: string };

const utc = (iso: string) => new Date(iso).toISOString();

/** The lifecycle stages a contact was set to, each a change; a cleared stage (empty value) names none. */
function stageChanges(history: HubSpotContactHistory['propertiesWithHistory']): CrmPropertyChange[] {
  return (history.lifecyclestage ?? [])
    .filter((e) => e.value.trim() !== '')
    .map((e) => ({ property: 'LIFECYCLE_STAGE', value: e.value, at: utc(e.timestamp), changedBy: e.sourceType }));
}

/**
 * The email consent changes of a contact: its consent is read at every moment one of `hs_email_optout` and
 * `hs_legal_basis` changed, the way `emailConsentOf` reads the current values (opted out is DENIED, a consent legal
 * basis GRANTED, else UNKNOWN), and each moment the state differs from the one before is a change (before any
 * history the state is UNKNOWN). Values set at one instant are one change, by the source of the last of them.
 */
function consentChanges(history: HubSpotContactHistory['propertiesWithHistory']): CrmPropertyChange[] {
  const entries: Entry[] = ['hs_email_optout', 'hs_legal_basis']
    .flatMap((property) => (history[property] ?? []).map((e) => ({ ...e, property })))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const values: Record<string, string> = {};
  const changes: CrmPropertyChange[] = [];
  let state: ConsentState = 'UNKNOWN';
  for (const [i, entry] of entries.entries()) {
    values[entry.property] = entry.value;
    const next = entries[i + 1];
    if (next !== undefined && Date.parse(next.timestamp) === Date.parse(entry.timestamp)) continue;
    const now = emailConsentOf(values);
    if (now !== state) changes.push({ property: 'EMAIL_CONSENT', value: now, at: utc(entry.timestamp), changedBy: entry.sourceType });
    state = now;
  }
  return changes;
}

// Newest first; two changes at one instant with the lifecycle stage first.
const newestFirst = (a: CrmPropertyChange, b: CrmPropertyChange) => b.at.localeCompare(a.at) || b.property.localeCompare(a.property);

/** A contact's CRM history (lifecycle stage and email consent changes), newest first, from its property histories. */
export function crmHistoryOf(contact: HubSpotContactHistory): CrmPropertyChange[] {
  return [...stageChanges(contact.propertiesWithHistory), ...consentChanges(contact.propertiesWithHistory)].sort(newestFirst);
}

/** The CRM history reads of the HubSpot connector: batch reads with `propertiesWithHistory`, 50 contacts a call. */
export function createCrmHistoryReads(client: HubSpotClient, { concurrency }: { concurrency: number }) {
  /** Each contact's lifecycle-stage and email-consent changes, newest first; every requested id gets an entry. */
  async function crmHistoryFor(contactIds: readonly string[], opts?: CallOptions): Promise<Map<string, CrmPropertyChange[]>> {
    const wanted = [...new Set(contactIds.filter(isHubSpotId))];
    const read = await inBatches(wanted, HUBSPOT_LIMITS.batchReadWithHistory, async (batch) => {
      const { results } = await client.batchReadHistory(batch, opts);
      const asked = new Set(batch);
      return new Map(results.filter((c) => asked.has(c.id)).map((c) => [c.id, crmHistoryOf(c)] as const));
    }, concurrency);
    return new Map(contactIds.map((id) => [id, read.get(id) ?? []]));
  }

  return { crmHistoryFor };
}
