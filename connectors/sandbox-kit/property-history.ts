import mt19937 from '@stdlib/random-base-mt19937';
import type { World, WorldContact, WorldPropertyChange } from './world-types.js';

/** HubSpot's default lifecycle stages, in the order a contact moves through them. */
export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'] as const;

/** How the generator writes property histories (README, world file): rates of the paths a contact took. */
export const PROPERTY_HISTORY_RATES = {
  /** Contacts whose first stage was `subscriber` (the others entered at a stage up to their current one). */
  enteredAsSubscriber: 0.6,
  /** Each stage between the first and the current one was passed through (set) with this chance. */
  passedThrough: 0.6,
  /** Of contacts who consent now, those that had opted out before and opted in again. */
  optedOutBefore: 0.15,
  /** Of contacts opted out now, those that had given consent before. */
  consentedBefore: 0.5,
} as const;

// A key word of its own keeps this stream apart from the generator's, the line weigher's and the feedback's.
const STREAM = 0x68_69_73_74; // "hist"
const CREATED_BY = ['FORM', 'IMPORT', 'INTEGRATION', 'CRM_UI'] as const;
const STAGE_SET_BY = ['CRM_UI', 'INTEGRATION', 'FORM', 'CRM_UI'] as const;
const OPT_OUT_BY = ['EMAIL', 'CRM_UI', 'FORM'] as const;
const CONSENT_BY = ['FORM', 'CRM_UI', 'IMPORT'] as const;
/** The legal basis the sandbox stores for consent (one of HubSpot's `hs_legal_basis` options). */
export const CONSENT_LEGAL_BASIS = 'Freely given consent from contact';

/**
 * Gives every HubSpot contact of a generated world its property history (HubSpot `propertiesWithHistory`): a
 * lifecycle-stage path from its first stage to its current one, and `hs_email_optout` / `hs_legal_basis` values that
 * end in its current email consent, set at its `consentUpdatedAt` (or at its last change, where the generator dated
 * the consent after it: a CRM property cannot change after the record last did). Every entry lies between the
 * contact's creation and its last change. Draws from a stream of its own (the world's seed and "hist") and writes
 * nothing but `world.hubspot.propertyHistory`, so the world without it is byte-identical to one generated before it.
 */
export function addPropertyHistory(world: World): void {
  const twister = mt19937.factory({ seed: [world.seed >>> 0, STREAM] });
  const uniform = () => twister() / 4_294_967_296;
  const pick = <T>(of: readonly T[]): T => of[Math.floor(uniform() * of.length)] ?? (of[0] as T);
  const history: WorldPropertyChange[] = [];
  for (const contact of world.hubspot.contacts) history.push(...historyOf(contact, uniform, pick));
  world.hubspot.propertyHistory = history;
}

function historyOf(c: WorldContact, uniform: () => number, pick: <T>(of: readonly T[]) => T): WorldPropertyChange[] {
  const created = Date.parse(c.createdAt);
  const changed = Math.max(created, Date.parse(c.updatedAt));
  const between = (from: number, to: number) => Math.floor(from + uniform() * (to - from));
  const at = (ms: number) => new Date(ms).toISOString();
  const entry = (property: WorldPropertyChange['property'], value: string, ms: number, sourceType: string): WorldPropertyChange =>
    ({ contactId: c.id, property, value, timestamp: at(ms), sourceType });
  const createdBy = pick(CREATED_BY);
  const out: WorldPropertyChange[] = [];

  const stage = LIFECYCLE_STAGES.indexOf((c.lifecycleStage ?? '') as (typeof LIFECYCLE_STAGES)[number]);
  if (stage >= 0) {
    const first = uniform() < PROPERTY_HISTORY_RATES.enteredAsSubscriber ? 0 : Math.floor(uniform() * (stage + 1));
    // A contact never changed after its creation has only the stage it was created with.
    const path = changed > created ? [first] : [stage];
    for (let s = first + 1; s < stage; s++) if (uniform() < PROPERTY_HISTORY_RATES.passedThrough) path.push(s);
    if (changed > created && stage > first) path.push(stage);
    // The first stage is set at creation; the later ones at ordered times up to the last change.
    const times = [created, ...Array.from({ length: path.length - 1 }, () => between(created, changed)).sort((a, b) => a - b)];
    path.forEach((s, i) => out.push(entry('lifecyclestage', LIFECYCLE_STAGES[s] ?? 'subscriber', times[i] ?? created, i === 0 ? createdBy : pick(STAGE_SET_BY))));
  }

  // The consent took its current state at consentUpdatedAt, kept inside the record's life.
  const consentAt = Math.min(changed, Math.max(created, Date.parse(c.consentUpdatedAt)));
  // Created opted out (an import of an opted-out address), or created subscribed and opted out, or in later.
  if (c.emailConsent !== 'DENIED' || consentAt > created) out.push(entry('hs_email_optout', 'false', created, createdBy));
  if (c.emailConsent === 'GRANTED') {
    if (uniform() < PROPERTY_HISTORY_RATES.optedOutBefore && consentAt > created) {
      out.push(entry('hs_email_optout', 'true', between(created, consentAt), pick(OPT_OUT_BY)));
      out.push(entry('hs_email_optout', 'false', consentAt, 'EMAIL'));
    }
    out.push(entry('hs_legal_basis', CONSENT_LEGAL_BASIS, consentAt, pick(CONSENT_BY)));
  } else if (c.emailConsent === 'DENIED') {
    const optOutBy = pick(OPT_OUT_BY);
    if (uniform() < PROPERTY_HISTORY_RATES.consentedBefore && consentAt > created) {
      out.push(entry('hs_legal_basis', CONSENT_LEGAL_BASIS, between(created, consentAt), pick(CONSENT_BY)));
      // Opting out of all email clears the legal basis, as the sandbox's unsubscribe-all does.
      out.push(entry('hs_legal_basis', '', consentAt, optOutBy));
    }
    out.push(entry('hs_email_optout', 'true', consentAt, consentAt > created ? optOutBy : createdBy));
  }
  return out.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
