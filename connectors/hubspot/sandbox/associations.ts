import type { FastifyReply } from 'fastify';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import type { ContactStore, StoredContact } from './store.js';

/** The object types the sandbox can associate contacts with, by any name HubSpot accepts for them. */
const OBJECT_TYPES: Readonly<Record<string, 'contacts' | 'companies' | 'deals'>> = {
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  companies: 'companies', company: 'companies', '0-2': 'companies',
  deals: 'deals', deal: 'deals', '0-3': 'deals',
};

/** The canonical plural of an object type name, or undefined when HubSpot would not know it. */
export const objectTypeOf = (name: string) => OBJECT_TYPES[name.toLowerCase()];

/** Sends a canned answer. */
export const send = (reply: FastifyReply, answer: VendorAnswer) =>
  reply.status(answer.status).headers(answer.headers ?? {}).send(answer.body);

/** A contact's associated records, v4 shape; a company is both the primary and an unlabeled association. */
export function associationsOf(store: ContactStore, contact: StoredContact, to: 'contacts' | 'companies' | 'deals') {
  // Deals are not part of the generated world: every contact has none.
  const company = to === 'companies' ? store.companyOf(contact) : null;
  if (company === null) return [];
  return [
    {
      toObjectId: company,
      associationTypes: [
        { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
        { category: 'HUBSPOT_DEFINED', typeId: 279 },
      ],
    },
  ];
}

/** The v3 inline `associations` of a get or list (`?associations=companies,deals`), empty types left out. */
export function inlineAssociations(store: ContactStore, contact: StoredContact, types: readonly string[] | undefined) {
  const out: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const name of types ?? []) {
    const type = objectTypeOf(name);
    if (type === undefined || type === 'contacts') continue;
    const singular = type === 'companies' ? 'company' : 'deal';
    const results = associationsOf(store, contact, type).flatMap((a) => [
      { id: a.toObjectId, type: `contact_to_${singular}` },
      { id: a.toObjectId, type: `contact_to_${singular}_unlabeled` },
    ]);
    if (results.length > 0) out[type] = { results };
  }
  return Object.keys(out).length > 0 ? { associations: out } : {};
}
