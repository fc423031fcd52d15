import type { StoredContact } from './store.js';
import type { StoredObject } from './stored-object.js';

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
 * the spec types values as strings), and their history when asked (the sandbox keeps only the current value).
 */
export function projectObject(contact: StoredObject, properties: readonly string[] | undefined, projection: Projection, withHistory: readonly string[] = []) {
  const names = [...new Set([...(properties && properties.length > 0 ? properties : projection.defaults), ...projection.always])].sort();
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

/** Parses a non-negative integer parameter; undefined when absent, NaN when malformed. */
export function intParam(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}
