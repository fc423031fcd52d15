import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { WorldContact, WorldOrder } from '../../sandbox-kit/index.js';
import { connection, type ConnectionArgs, type Sorted } from './connection.js';
import type { SandboxContext } from './sandbox-context.js';
import { addressOf, amountSpentOf, displayNameOf, emailConsentOf, lifetimeOf, smsConsentOf } from './customer-fields.js';
import type { SearchWarning } from './customer-filter.js';
import { orderPredicate } from './order-filter.js';
import { sortedOrders } from './order-resolvers.js';
import { parseSearchQuery } from './search-syntax.js';
import { legacyIdOf, shopifyDateTime } from './values.js';

/** Places customers in the order of a `CustomerSortKeys` value (RELEVANCE and LOCATION fall back to ID). */
export function sortedCustomers(customers: Iterable<WorldContact>, sortKey: string | null | undefined): Sorted<WorldContact>[] {
  const value = (c: WorldContact, id: number): number | string => {
    switch (sortKey) {
      case 'CREATED_AT':
        return c.createdAt;
      case 'UPDATED_AT':
        return c.updatedAt;
      case 'NAME':
        return displayNameOf(c).toLowerCase();
      default:
        return id;
    }
  };
  return [...customers].map((node) => {
    const id = Number(legacyIdOf(node.id));
    return { node, id, value: value(node, id) };
  });
}

type Ctx = SandboxContext;

/** A customer's placed orders narrowed by a search query (`created_at:<=…`); without one, the kept list itself. */
function ordersMatching(sorted: readonly Sorted<WorldOrder>[], query: string | null | undefined, ctx: Ctx, info: GraphQLResolveInfo) {
  const expr = parseSearchQuery(query);
  if (expr.kind === 'all') return sorted;
  const warnings: SearchWarning[] = [];
  const predicate = orderPredicate(expr, warnings);
  if (query && warnings.length > 0) ctx.searches.push({ path: responsePathAsArray(info.path), query, warnings });
  return sorted.filter((item) => predicate(item.node));
}

const isEmailShaped = (email: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);

/** Field resolvers of `Customer` over a World contact. */
export const customerResolvers = {
  Customer: {
    legacyResourceId: (c: WorldContact) => legacyIdOf(c.id),
    displayName: (c: WorldContact) => displayNameOf(c),
    createdAt: (c: WorldContact) => shopifyDateTime(c.createdAt),
    updatedAt: (c: WorldContact) => shopifyDateTime(c.updatedAt),
    numberOfOrders: (c: WorldContact, _: unknown, ctx: Ctx) => String(ctx.store.ordersOf(c.id).length),
    amountSpent: (c: WorldContact, _: unknown, ctx: Ctx) => amountSpentOf(ctx.store.ordersOf(c.id)),
    lastOrder: (c: WorldContact, _: unknown, ctx: Ctx) => ctx.store.ordersOf(c.id).at(-1) ?? null,
    canDelete: (c: WorldContact, _: unknown, ctx: Ctx) => ctx.store.ordersOf(c.id).length === 0,
    defaultAddress: (c: WorldContact) => addressOf(c),
    addresses: (c: WorldContact, args: { first?: number | null }) => {
      const address = addressOf(c);
      return address ? [address].slice(0, args.first ?? undefined) : [];
    },
    emailMarketingConsent: (c: WorldContact, _: unknown, ctx: Ctx) => ctx.store.emailConsent.get(c.id) ?? emailConsentOf(c),
    smsMarketingConsent: (c: WorldContact) => smsConsentOf(c),
    // The 2025-04+ fields over the same state as the deprecated ones, so both views agree after a consent write.
    defaultEmailAddress: (c: WorldContact, _: unknown, ctx: Ctx) => {
      const consent = ctx.store.emailConsent.get(c.id) ?? emailConsentOf(c);
      if (!c.email || !consent) return null;
      const emailAddress = c.email.trim();
      return { emailAddress, marketingState: consent.marketingState, marketingUpdatedAt: consent.consentUpdatedAt, validFormat: isEmailShaped(emailAddress) };
    },
    defaultPhoneNumber: (c: WorldContact) => {
      const consent = smsConsentOf(c);
      if (!c.phone || !consent) return null;
      return {
        phoneNumber: c.phone,
        marketingState: consent.marketingState,
        marketingOptInLevel: consent.marketingOptInLevel,
        marketingUpdatedAt: consent.consentUpdatedAt,
        marketingCollectedFrom: consent.consentCollectedFrom,
      };
    },
    validEmailAddress: (c: WorldContact) => isEmailShaped(c.email?.trim() ?? ''),
    verifiedEmail: () => true,
    state: () => 'ENABLED',
    tags: () => [],
    note: () => null,
    locale: () => 'en',
    multipassIdentifier: () => null,
    dataSaleOptOut: () => false,
    taxExempt: () => false,
    hasTimelineComment: () => false,
    lifetimeDuration: (c: WorldContact) => lifetimeOf(c),
    unsubscribeUrl: (c: WorldContact) => `https://sandbox.myshopify.com/unsubscribe?c=${legacyIdOf(c.id)}`,
    image: (c: WorldContact) => {
      const src = `https://cdn.shopify.com/s/images/admin/customers/avatar-${Number(legacyIdOf(c.id)) % 4}.png`;
      return { id: null, altText: null, height: null, width: null, url: src, src, originalSrc: src, transformedSrc: src };
    },
    orders: (c: WorldContact, args: ConnectionArgs & { sortKey?: string | null; query?: string | null }, ctx: Ctx, info: GraphQLResolveInfo) =>
      connection(ordersMatching(sortedOrders(ctx.store.ordersOf(c.id), args.sortKey), args.query, ctx, info), args),
  },
};
