import { memoized } from '../../sandbox-kit/index.js';
import type { ContactStore, StoredContact } from './store.js';

/** What HubSpot returns when a read names no properties. */
export const DEFAULT_PROPERTIES = ['firstname', 'lastname', 'email'];
/** What HubSpot adds to every read whatever was asked. */
const ALWAYS = ['createdate', 'lastmodifieddate', 'hs_object_id'];

/** A comma list or repeated query parameter as a list (`properties=a,b&properties=c`). */
export function listParam(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * A contact as `SimplePublicObject`: the asked-for properties that hold a value (unset ones are left out, as
 * the spec types values as strings), and their history when asked (the sandbox keeps only the current value).
 */
export function toPublicObject(contact: StoredContact, properties: readonly string[] | undefined, withHistory: readonly string[] = []) {
  const names = namesOf(viewOf(properties));
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = contact.properties[name];
    if (value != null) values[name] = value;
  }
  const history: Record<string, Array<{ value: string; timestamp: string; sourceType: string }>> = {};
  for (const name of withHistory) {
    const value = contact.properties[name];
    if (value != null) history[name] = [{ value, timestamp: contact.updatedAt, sourceType: 'CRM_UI' }];
  }
  return {
    id: contact.id,
    properties: values,
    ...(withHistory.length > 0 ? { propertiesWithHistory: history } : {}),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    archived: false,
  };
}

// The names a read returns, sorted: worked out once per asked-for list, not once per record of a page.
const SEPARATOR = '\u0000';
const viewOf = (properties: readonly string[] | undefined) => (properties ?? []).join(SEPARATOR);
const namesOf = memoized((view: string) => [...new Set([...(view === '' ? DEFAULT_PROPERTIES : view.split(SEPARATOR)), ...ALWAYS])].sort(), 1_000);

/** `toPublicObject(contact, properties)` as JSON text, kept by the store until the contact changes. */
export function publicObjectText(store: ContactStore, contact: StoredContact, properties: readonly string[] | undefined): string {
  return store.serialised.text(contact, viewOf(properties), (c) => toPublicObject(c, properties));
}

/** Parses a non-negative integer parameter; undefined when absent, NaN when malformed. */
export function intParam(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}
