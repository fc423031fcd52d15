import { memoized } from '../../sandbox-kit/index.js';
import type { ContactStore, StoredContact } from './store.js';
import type { PropertyValue, StoredObject } from './stored-object.js';

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

/** What an object type returns when a read names no properties, and what it adds whatever was asked. */
export interface Projection {
  defaults: readonly string[];
  always: readonly string[];
}

const CONTACT_PROJECTION: Projection = { defaults: DEFAULT_PROPERTIES, always: ALWAYS };

/** A contact as `SimplePublicObject` (see `projectObject`). */
export function toPublicObject(contact: StoredContact, properties: readonly string[] | undefined, withHistory: readonly string[] = []) {
  return projectObject(contact, properties, CONTACT_PROJECTION, withHistory);
}

/**
 * A record as `SimplePublicObject`: the asked-for properties that hold a value (unset ones are left out, as
 * the spec types values as strings), and their history when asked (kept for the tracked properties, the current value
 * alone for the others).
 */
export function projectObject(record: StoredObject, properties: readonly string[] | undefined, projection: Projection, withHistory: readonly string[] = []) {
  const names = namesOf(projection, properties);
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = record.properties[name];
    if (value != null) values[name] = value;
  }
  const history: Record<string, PropertyValue[]> = {};
  for (const name of withHistory) {
    const kept = record.history?.[name];
    const value = record.properties[name];
    // Newest first, as HubSpot lists a history; an untracked property has only its current value, as of the last change.
    if (kept !== undefined && kept.length > 0) history[name] = [...kept].reverse();
    else if (value != null) history[name] = [{ value, timestamp: record.updatedAt, sourceType: 'CRM_UI' }];
  }
  return {
    id: record.id,
    properties: values,
    ...(withHistory.length > 0 ? { propertiesWithHistory: history } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: false,
  };
}

// The names a read returns, sorted: worked out once per object type and asked-for list, not once per record of a page.
const SEPARATOR = '\u0000';
const viewOf = (properties: readonly string[] | undefined) => (properties ?? []).join(SEPARATOR);
const sortedNames = new WeakMap<Projection, (view: string) => string[]>();
function namesOf(projection: Projection, properties: readonly string[] | undefined): string[] {
  let of = sortedNames.get(projection);
  if (!of) {
    of = memoized((view: string) => [...new Set([...(view === '' ? projection.defaults : view.split(SEPARATOR)), ...projection.always])].sort(), 1_000);
    sortedNames.set(projection, of);
  }
  return of(viewOf(properties));
}

/** `toPublicObject(contact, properties)` as JSON text, kept by the store until the contact changes. */
export function publicObjectText(store: ContactStore, contact: StoredContact, properties: readonly string[] | undefined): string {
  return store.serialised.text(contact, viewOf(properties), (c) => toPublicObject(c, properties));
}

/** Parses a non-negative integer parameter; undefined when absent, NaN when malformed. */
export function intParam(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}
