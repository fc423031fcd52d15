import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { hubspotError, objectNotFound, validationError } from './answers.js';
import { send } from './associations.js';
import { toPublicObject } from './projection.js';
import { bindingProblem } from './routes-contacts.js';
import type { ContactStore, StoredContact } from './store.js';

// The contact properties a create may set; the others the sandbox knows are HubSpot's own (ids, dates, calculated
// phone) or read-only (`hs_email_optout` changes through communication preferences only).
const WRITABLE = new Set([
  'firstname', 'lastname', 'email', 'phone', 'address', 'city', 'zip', 'country', 'hs_country_region_code', 'company',
  'jobtitle', 'lifecyclestage', 'hs_lead_status', 'hubspot_owner_id', 'hs_legal_basis', 'shopify_customer_id',
]);
const READ_ONLY = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_calculated_phone_number', 'hs_email_optout']);

// `SimplePublicObjectInputForCreate`: associations are accepted and ignored (the sandbox derives them).
const createBody = z.object({ properties: z.record(z.string(), z.string()), associations: z.array(z.unknown()).optional() });

function propertyProblem(name: string): { message: string; code: string } | null {
  if (READ_ONLY.has(name)) return { message: `Property "${name}" is a read only property; its value cannot be set.`, code: 'READ_ONLY_VALUE' };
  if (!WRITABLE.has(name)) return { message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST' };
  return null;
}

/** HubSpot's 400 for properties a write may not set (unknown or read-only), or null when every one may be set. */
function invalidProperties(properties: Record<string, string>): VendorAnswer | null {
  const problems = Object.keys(properties).map(propertyProblem).filter((p) => p !== null);
  if (problems.length === 0) return null;
  return hubspotError(400, 'VALIDATION_ERROR', `Property values were not valid: ${problems.map((p) => p.message).join('; ')}`, { errors: problems });
}

/**
 * Creates a contact as `POST /crm/v3/objects/contacts` does, or the answer HubSpot refuses it with: an unknown or
 * read-only property (400), an email another contact holds (409 CONFLICT, as HubSpot keeps emails unique), or an
 * address blocklisted by a GDPR delete by email (400; HubSpot documents the blocklist, not this answer's wording).
 */
export function createContact(
  store: ContactStore,
  properties: Record<string, string>,
  now: string,
  personId: number | null = null,
): { contact: StoredContact } | { refused: VendorAnswer } {
  const invalid = invalidProperties(properties);
  if (invalid) return { refused: invalid };
  const email = properties.email?.trim();
  if (email && store.isBlocklisted(email)) {
    return { refused: validationError('This email address was permanently deleted (GDPR delete) and is blocklisted: it cannot be used on a contact') };
  }
  const existing = email ? store.find(email, 'email') : undefined;
  if (existing) return { refused: hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`) };
  return { contact: store.create(properties, now, personId) };
}

// `SimplePublicObjectInput`: the properties to change.
const updateBody = z.object({ properties: z.record(z.string(), z.string()) });

/**
 * Changes a contact's properties as `PATCH /crm/v3/objects/contacts/{contactId}` does, or the answer HubSpot refuses
 * it with: an unknown or read-only property (400), an email another contact holds (409 CONFLICT).
 */
export function updateContact(store: ContactStore, contact: StoredContact, properties: Record<string, string>, now: string): VendorAnswer | null {
  const invalid = invalidProperties(properties);
  if (invalid) return invalid;
  const email = properties.email?.trim();
  const holder = email ? store.find(email, 'email') : undefined;
  if (holder && holder !== contact) return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${holder.id}`);
  Object.assign(contact.properties, properties);
  store.touch(contact, now);
  return null;
}

/**
 * `POST /crm/v3/objects/contacts`: a new contact (201 `SimplePublicObject`), under a new id; and
 * `PATCH /crm/v3/objects/contacts/{contactId}`: changed properties (200 `SimplePublicObject`).
 */
export function createRoutes(app: FastifyInstance, store: ContactStore) {
  app.patch<{ Params: { contactId: string } }>('/crm/v3/objects/contacts/:contactId', async (request, reply) => {
    const parsed = updateBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'SimplePublicObjectInput')));
    const contact = store.find(request.params.contactId);
    if (!contact) return send(reply, objectNotFound());
    const refused = updateContact(store, contact, parsed.data.properties, new Date().toISOString());
    if (refused) return send(reply, refused);
    return toPublicObject(contact, Object.keys(parsed.data.properties));
  });

  app.post('/crm/v3/objects/contacts', async (request, reply) => {
    const parsed = createBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'SimplePublicObjectInputForCreate')));
    const created = createContact(store, parsed.data.properties, new Date().toISOString());
    if ('refused' in created) return send(reply, created.refused);
    return reply.status(201).send(toPublicObject(created.contact, Object.keys(parsed.data.properties)));
  });
}
