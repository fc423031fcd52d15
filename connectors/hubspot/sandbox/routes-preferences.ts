import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validationError } from './answers.js';
import { send } from './associations.js';
import { bindingProblem } from './routes-contacts.js';
import { CONSENT_LEGAL_BASIS } from '../../sandbox-kit/index.js';
import type { ContactStore, StoredContact } from './store.js';

const MARKETING = { id: '1133224', name: 'Marketing Information', description: 'Marketing offers and updates.' };
const ONE_TO_ONE = { id: '1133225', name: 'One to One', description: 'One to one emails' };
// How the sandbox stores a consent legal basis (one of HubSpot's `hs_legal_basis` options), as the world does.
const CONSENT_BASIS = CONSENT_LEGAL_BASIS;
const LEGAL_BASES = [
  'CONSENT_WITH_NOTICE', 'LEGITIMATE_INTEREST_CLIENT', 'LEGITIMATE_INTEREST_OTHER', 'LEGITIMATE_INTEREST_PQL', 'NON_GDPR',
  'PERFORMANCE_OF_CONTRACT', 'PROCESS_AND_STORE',
] as const;

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
      ? { ...MARKETING, status: 'SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: CONSENT_BASIS }
      : { ...MARKETING, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS' },
    { ...ONE_TO_ONE, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS' },
  ];
}

// `PublicUpdateSubscriptionStatusRequest`.
const subscribeBody = z.object({
  emailAddress: z.string().min(1),
  subscriptionId: z.string().min(1),
  legalBasis: z.enum(LEGAL_BASES).optional(),
  legalBasisExplanation: z.string().optional(),
});

/**
 * Communication preferences, kept on the contacts holding an address (`hs_email_optout`, `hs_legal_basis`), so
 * that every read agrees with a write:
 * - `GET /communication-preferences/v3/status/email/{emailAddress}`;
 * - `POST /communication-preferences/v4/statuses/{subscriberIdString}/unsubscribe-all?channel=EMAIL`: opts out of
 *   all email (`ActionResponseWithResultsPublicStatus`, one UNSUBSCRIBED status per subscription);
 * - `POST /communication-preferences/v3/subscribe`: subscribes to marketing with a consent legal basis (required, as
 *   in a GDPR-enabled portal), or a 400 VALIDATION_ERROR for an address opted out of all email (HubSpot's rule;
 *   its exact wording is unconfirmed).
 * An address no contact holds is answered as HubSpot records statuses per address, with nothing to change here.
 */
export function preferenceRoutes(app: FastifyInstance, store: ContactStore) {
  app.get<{ Params: { emailAddress: string } }>('/communication-preferences/v3/status/email/:emailAddress', async (request) => {
    const recipient = request.params.emailAddress;
    return { recipient, subscriptionStatuses: statusesOf(store.find(recipient, 'email')) };
  });

  app.post<{ Params: { subscriberIdString: string } }>('/communication-preferences/v4/statuses/:subscriberIdString/unsubscribe-all', async (request, reply) => {
    const startedAt = new Date().toISOString();
    const { channel } = request.query as Record<string, unknown>;
    if (channel !== 'EMAIL') return send(reply, validationError('channel is required and must be one of [EMAIL]'));
    const address = request.params.subscriberIdString;
    const contacts = store.withEmail(address);
    const already = contacts.length > 0 && contacts.every((c) => c.properties.hs_email_optout === 'true');
    for (const contact of contacts) {
      contact.properties.hs_email_optout = 'true';
      contact.properties.hs_legal_basis = null;
      store.touch(contact, startedAt);
    }
    const results = [MARKETING, ONE_TO_ONE].map((s) => ({
      subscriberIdString: address,
      subscriptionId: Number(s.id),
      subscriptionName: s.name,
      status: 'UNSUBSCRIBED',
      channel: 'EMAIL',
      // `source` is free text in the spec; this value is the sandbox's.
      source: 'Public API',
      timestamp: startedAt,
      setStatusSuccessReason: already ? 'NO_STATUS_CHANGE' : 'UNSUBSCRIBE_FROM_ALL_OCCURRED',
    }));
    return { status: 'COMPLETE', results, requestedAt: startedAt, startedAt, completedAt: new Date().toISOString() };
  });

  app.post('/communication-preferences/v3/subscribe', async (request, reply) => {
    const parsed = subscribeBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'PublicUpdateSubscriptionStatusRequest')));
    const { emailAddress, subscriptionId, legalBasis, legalBasisExplanation } = parsed.data;
    // The sandbox keeps one subscription per contact (marketing); one-to-one is only ever reported, never written.
    if (subscriptionId !== MARKETING.id) return send(reply, validationError(`Subscription ${subscriptionId} cannot be written in this portal`));
    // The sandbox portal has GDPR features on, so HubSpot requires a legal basis; it models consent-based ones only.
    if (legalBasis === undefined || legalBasisExplanation === undefined) return send(reply, validationError('legalBasis and legalBasisExplanation are required in a GDPR-enabled portal'));
    if (legalBasis !== 'CONSENT_WITH_NOTICE') return send(reply, validationError(`The sandbox records consent-based subscriptions only, not ${legalBasis}`));
    const contacts = store.withEmail(emailAddress);
    if (contacts.some((c) => c.properties.hs_email_optout === 'true')) {
      return send(reply, validationError('Cannot subscribe a contact who has opted out of all email communication'));
    }
    const now = new Date().toISOString();
    for (const contact of contacts) {
      contact.properties.hs_email_optout = 'false';
      contact.properties.hs_legal_basis = CONSENT_BASIS;
      store.touch(contact, now);
    }
    return { ...MARKETING, status: 'SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS', legalBasis, legalBasisExplanation };
  });
}
