import type { WorldContact } from '../../sandbox-kit/index.js';
import type { SandboxContext } from './sandbox-context.js';
import { shopifyDateTime } from './values.js';

type UserError<T extends string> = { __typename: T; field: string[] | null; message: string; code: string | null };

const erasureError = (code: 'DOES_NOT_EXIST' | 'FAILED_TO_REQUEST', message: string): UserError<'CustomerRequestDataErasureUserError'> =>
  ({ __typename: 'CustomerRequestDataErasureUserError', field: ['customerId'], message, code });
const cancelError = (code: 'DOES_NOT_EXIST' | 'NOT_BEING_ERASED', message: string): UserError<'CustomerCancelDataErasureUserError'> =>
  ({ __typename: 'CustomerCancelDataErasureUserError', field: ['customerId'], message, code });
const consentError = (field: string[], code: 'INCLUSION' | 'INVALID', message: string): UserError<'CustomerEmailMarketingConsentUpdateUserError'> =>
  ({ __typename: 'CustomerEmailMarketingConsentUpdateUserError', field: ['input', ...field], message, code });

// Shopify documents only these three as settable; NOT_SUBSCRIBED, REDACTED and INVALID are read-only states.
const SETTABLE_STATES = new Set(['SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING']);

interface ConsentUpdateInput {
  customerId: string;
  emailMarketingConsent: { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null };
}

/** Why a consent update is refused, or null when it can be applied (the exact words Shopify uses are unconfirmed). */
function consentRefusal(customer: WorldContact, input: ConsentUpdateInput) {
  const { marketingState, consentUpdatedAt } = input.emailMarketingConsent;
  if (!customer.email) return consentError(['emailMarketingConsent'], 'INVALID', 'Customer must have an email address to update email marketing consent');
  if (!SETTABLE_STATES.has(marketingState)) return consentError(['emailMarketingConsent', 'marketingState'], 'INCLUSION', 'Marketing state is not included in the list');
  if (consentUpdatedAt != null && Number.isNaN(Date.parse(consentUpdatedAt))) {
    return consentError(['emailMarketingConsent', 'consentUpdatedAt'], 'INVALID', 'Consent updated at is invalid');
  }
  return null;
}

/**
 * Resolvers of the `Mutation` root: data erasure is accepted at once and carried out later (Shopify "enqueues" it);
 * an unknown customer is a `DOES_NOT_EXIST` user error (vendor example), a repeated request while one is pending
 * succeeds again. Email consent updates change what reads of the customer show from then on.
 */
export const mutationResolvers = {
  Mutation: {
    customerRequestDataErasure: (_: unknown, args: { customerId: string }, ctx: SandboxContext) => {
      if (!ctx.store.customers.has(args.customerId)) {
        return { customerId: null, userErrors: [erasureError('DOES_NOT_EXIST', 'Customer does not exist')] };
      }
      ctx.erasures.request(args.customerId);
      return { customerId: args.customerId, userErrors: [] };
    },
    customerCancelDataErasure: (_: unknown, args: { customerId: string }, ctx: SandboxContext) => {
      if (!ctx.store.customers.has(args.customerId)) {
        return { customerId: null, userErrors: [cancelError('DOES_NOT_EXIST', 'Customer does not exist')] };
      }
      if (!ctx.erasures.cancel(args.customerId)) {
        return { customerId: null, userErrors: [cancelError('NOT_BEING_ERASED', "Customer's data is not scheduled for erasure")] };
      }
      return { customerId: args.customerId, userErrors: [] };
    },
    customerEmailMarketingConsentUpdate: (_: unknown, args: { input: ConsentUpdateInput }, ctx: SandboxContext) => {
      const customer = ctx.store.customers.get(args.input.customerId);
      if (!customer) return { customer: null, userErrors: [consentError(['customerId'], 'INVALID', 'Customer does not exist')] };
      const refusal = consentRefusal(customer, args.input);
      if (refusal) return { customer: null, userErrors: [refusal] };
      const { marketingState, marketingOptInLevel, consentUpdatedAt } = args.input.emailMarketingConsent;
      const now = new Date().toISOString();
      // Without a date Shopify records the time the consent information was sent.
      ctx.store.emailConsent.set(customer.id, {
        marketingState,
        marketingOptInLevel: marketingOptInLevel ?? null,
        consentUpdatedAt: shopifyDateTime(consentUpdatedAt ?? now),
      });
      customer.updatedAt = now;
      ctx.store.changed(customer);
      return { customer, userErrors: [] };
    },
  },
};
