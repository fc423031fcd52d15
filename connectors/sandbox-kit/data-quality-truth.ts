import {
  SYSTEM_OF,
  emailDefectOf,
  familyNameKey,
  normalisePhone,
  phoneRegionOf,
  postalCodeKey,
  type DataQualityDefect,
  type DataQualityField,
  type Source,
  type System,
} from '../../src/model/index.js';
import { z } from 'zod';
import { WORLD_REFERENCE_DATE } from './world-ids.js';
import type { SiloTruth, World, WorldConsent, WorldContact } from './world-types.js';

export { WORLD_REFERENCE_DATE };


/** What the data-quality truth is taken against: the moment records are judged at, and the stale setting in days. */
export interface DataQualityTruthOptions {
  /** ISO 8601; a record last changed more than `staleDays` before it is stale. */
  asOf: string;
  staleDays: number;
}

const DAY_MS = 86_400_000;
const SOURCE_OF = Object.fromEntries(Object.entries(SYSTEM_OF).map(([source, system]) => [system, source])) as Record<System, Source>;

/** A record with the silo it is in. */
interface Held {
  system: System;
  record: WorldContact;
}

/**
 * The consent a silo states for a record as its API exposes it (what the gateway reads): HubSpot and Square the email
 * channel only (HubSpot `hs_email_optout`/`hs_legal_basis`, Square `preferences`), Shopify both, each only on a
 * customer that has the address (`emailMarketingConsent` null without an email, `smsMarketingConsent` without a phone),
 * Zendesk none. UNKNOWN is no statement.
 */
function statedConsent({ system, record }: Held, channel: 'email' | 'sms'): WorldConsent {
  switch (system) {
    case 'hubspot':
    case 'square':
      return channel === 'email' ? record.emailConsent : 'UNKNOWN';
    case 'shopify':
      if (channel === 'email') return record.email ? record.emailConsent : 'UNKNOWN';
      return record.phone ? record.smsConsent : 'UNKNOWN';
    case 'zendesk':
      return 'UNKNOWN';
  }
}

const emailsOf = (c: WorldContact) => [c.email, ...c.secondaryEmails].filter((e): e is string => e !== null && e.trim() !== '');
const phonesOf = (c: WorldContact) => [c.phone, ...c.secondaryPhones].filter((p): p is string => p !== null && p.trim() !== '');
const e164Of = (c: WorldContact, phone: string | null) => normalisePhone(phone, phoneRegionOf(c.countryCode));
const stated = (state: WorldConsent): string | null => (state === 'UNKNOWN' ? null : state);

/** The fields `CONFLICTING_VALUE` compares, each with the normalised value a record holds for it (null: none). */
const COMPARED: ReadonlyArray<[DataQualityField, (held: Held) => string | null]> = [
  ['firstName', ({ record }) => familyNameKey(record.firstName)],
  ['lastName', ({ record }) => familyNameKey(record.lastName)],
  ['phone', ({ record }) => e164Of(record, record.phone)],
  ['postalCode', ({ record }) => postalCodeKey(record.postalCode)],
  ['emailConsent', (held) => stated(statedConsent(held, 'email'))],
  ['smsConsent', (held) => stated(statedConsent(held, 'sms'))],
];

/**
 * Every data-quality defect a world holds, as src/model/data-quality.ts defines the codes, taken from the ground truth:
 * a customer is a generated person (every record's `personId`), never what a gateway linked. Names compare as
 * `familyNameKey` forms, phones in E.164 (`normalisePhone` in the record's country, `phoneRegionOf`), postal codes
 * as `postalCodeKey`, emails through `emailDefectOf`; consent as each silo's API states it (`statedConsent`); a
 * cross-reference resolves when the record it names is in the world (HubSpot → Shopify customer, Zendesk and Square →
 * HubSpot contact). Sorted by source, record id, code and field.
 */
export function dataQualityTruth(world: World, { asOf, staleDays }: DataQualityTruthOptions): DataQualityDefect[] {
  const silos: Record<System, WorldContact[]> = {
    hubspot: world.hubspot.contacts,
    shopify: world.shopify.customers,
    zendesk: world.zendesk.users,
    square: world.square.customers,
  };
  const held: Held[] = (Object.keys(silos) as System[]).flatMap((system) => silos[system].map((record) => ({ system, record })));
  const byPerson = new Map<number, Held[]>();
  for (const h of held) byPerson.set(h.record.personId, [...(byPerson.get(h.record.personId) ?? []), h]);
  const hubspotIds = new Set(silos.hubspot.map((c) => c.id));
  const shopifyIds = new Set(silos.shopify.map((c) => c.id));
  const resolves = ({ system, record }: Held, xref: string) =>
    system === 'hubspot' ? shopifyIds.has(`gid://shopify/Customer/${xref}`) : hubspotIds.has(xref);
  const staleBefore = Date.parse(asOf) - staleDays * DAY_MS;

  const defects: DataQualityDefect[] = [];
  const add = ({ system, record }: Held, code: DataQualityDefect['code'], field: DataQualityField) =>
    defects.push({ code, source: SOURCE_OF[system], recordId: record.id, field });

  for (const h of held) {
    const { record } = h;
    if (emailsOf(record).some((e) => emailDefectOf(e) !== null)) add(h, 'INVALID_EMAIL', 'email');
    if (phonesOf(record).some((p) => e164Of(record, p) === null)) add(h, 'INVALID_PHONE', 'phone');
    if (Date.parse(record.updatedAt) < staleBefore) add(h, 'STALE_RECORD', 'updatedAt');
    if (record.xref !== null && !resolves(h, record.xref)) add(h, 'ORPHANED_REFERENCE', 'crossReference');
  }
  for (const records of byPerson.values()) {
    for (const [field, valueOf] of COMPARED) {
      const holding = records.flatMap((h) => {
        const value = valueOf(h);
        return value === null ? [] : [{ h, value }];
      });
      if (new Set(holding.map((x) => x.value)).size > 1) for (const { h } of holding) add(h, 'CONFLICTING_VALUE', field);
    }
    for (const [channel, field, addressesOf] of [['email', 'emailConsent', emailsOf], ['sms', 'smsConsent', phonesOf]] as const) {
      if (records.some((h) => statedConsent(h, channel) !== 'UNKNOWN')) continue;
      for (const h of records) if (addressesOf(h.record).length > 0) add(h, 'MISSING_CONSENT', field);
    }
    const perSilo = new Map<System, Held[]>();
    for (const h of records) perSilo.set(h.system, [...(perSilo.get(h.system) ?? []), h]);
    for (const same of perSilo.values()) if (same.length > 1) for (const h of same) add(h, 'DUPLICATE_IN_SILO', 'record');
  }
  return defects.sort((a, b) =>
    a.source.localeCompare(b.source) || a.recordId.localeCompare(b.recordId) || a.code.localeCompare(b.code) || a.field.localeCompare(b.field));
}

/** The stale setting the truth is taken with when a request names none: the gateway's default. */
export const DEFAULT_STALE_DAYS = 730;

/** The query of `GET /__sandbox/truth/data-quality`: `asOf` (ISO 8601, default the world's reference date) and `staleDays`. */
export const dataQualityTruthQuery = z
  .object({
    asOf: z.iso.datetime({ offset: true }).default(WORLD_REFERENCE_DATE),
    staleDays: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_STALE_DAYS),
  })
  .strict();

/**
 * One sandbox's data-quality truth: the defects of `dataQualityTruth(world)` on the records of `system` it still holds
 * (its `truth`: a record erased through the API is gone). Cross-references and the customer's other records are
 * judged in the world the sandboxes started from.
 */
export function siloDataQualityTruth(world: World, system: System, truth: () => SiloTruth): (options: DataQualityTruthOptions) => DataQualityDefect[] {
  const source = SOURCE_OF[system];
  return (options) => {
    const held = new Set(Object.values(truth()).flat());
    return dataQualityTruth(world, options).filter((d) => d.source === source && held.has(d.recordId));
  };
}
