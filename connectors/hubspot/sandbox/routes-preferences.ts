import type { FastifyInstance } from 'fastify';
import type { ContactStore, StoredContact } from './store.js';

const MARKETING = { id: '1133224', name: 'Marketing Information', description: 'Marketing offers and updates.' };
const ONE_TO_ONE = { id: '1133225', name: 'One to One', description: 'One to one emails' };

/**
 * The subscription statuses HubSpot would report for a contact's email consent: opted out of all email is
 * NOT_SUBSCRIBED portal-wide; granted consent is a marketing subscription with its legal basis; an address
 * that never opted in (or is unknown) is simply not subscribed.
 */
export function statusesOf(contact: StoredContact | undefined) {
  if (contact?.properties.hs_email_optout === 'true') {
    return [MARKETING, ONE_TO_ONE].map((s) => ({ ...s, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'PORTAL_WIDE_STATUS' }));
  }
  const granted = /consent/i.test(contact?.properties.hs_legal_basis ?? '');
  return [
    granted
      ? { ...MARKETING, status: 'SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'Freely given consent from contact' }
      : { ...MARKETING, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS' },
    { ...ONE_TO_ONE, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS' },
  ];
}

/** `GET /communication-preferences/v3/status/email/{emailAddress}`. */
export function preferenceRoutes(app: FastifyInstance, store: ContactStore) {
  app.get<{ Params: { emailAddress: string } }>('/communication-preferences/v3/status/email/:emailAddress', async (request) => {
    const recipient = request.params.emailAddress;
    return { recipient, subscriptionStatuses: statusesOf(store.find(recipient, 'email')) };
  });
}
