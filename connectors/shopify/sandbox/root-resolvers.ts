import type { GraphQLResolveInfo } from 'graphql';
import { FALLBACK_PHONE_REGION, normaliseEmail, normalisePhone } from '../../../src/model/index.js';
import { connection, type ConnectionArgs } from './connection.js';
import { customerPredicate, type SearchWarning } from './customer-filter.js';
import { customerCandidates } from './customer-index.js';
import { sortedCustomers } from './customer-resolvers.js';
import { GraphQLError, responsePathAsArray } from 'graphql';
import { parseSearchQuery } from './search-syntax.js';
import type { SandboxContext } from './sandbox-context.js';
import type { ShopifyStore } from './store.js';
import { parseGid } from './values.js';

function nodeById(store: ShopifyStore, id: string) {
  const gid = parseGid(id);
  if (!gid) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: 'argumentLiteralsIncompatible' } });
  if (gid.type === 'Customer') return store.customers.get(id) ?? null;
  if (gid.type === 'Order') return store.orders.get(id) ?? null;
  return null;
}

function customersMatching(query: string | null | undefined, ctx: SandboxContext, info: GraphQLResolveInfo) {
  const warnings: SearchWarning[] = [];
  const expr = parseSearchQuery(query);
  const predicate = customerPredicate(expr, warnings);
  if (query && warnings.length > 0) ctx.searches.push({ path: responsePathAsArray(info.path), query, warnings });
  const { records, exact } = customerCandidates(expr, ctx.store.search);
  // An OR of whole-field terms (the gateway's batched look-ups) is answered by the index alone.
  return exact ? [...records] : records.filter(predicate);
}

interface IdentifierInput {
  id?: string | null;
  emailAddress?: string | null;
  phoneNumber?: string | null;
}

/** Resolvers of `QueryRoot` (and `nodes`, which the project's copy of the schema adds) over the sandbox store. */
export const rootResolvers = {
  QueryRoot: {
    customer: (_: unknown, args: { id: string }, ctx: SandboxContext) => {
      const node = nodeById(ctx.store, args.id);
      return parseGid(args.id)?.type === 'Customer' ? node : null;
    },
    order: (_: unknown, args: { id: string }, ctx: SandboxContext) => {
      const node = nodeById(ctx.store, args.id);
      return parseGid(args.id)?.type === 'Order' ? node : null;
    },
    nodes: (_: unknown, args: { ids: string[] }, ctx: SandboxContext) => args.ids.map((id) => nodeById(ctx.store, id)),
    customers: (
      _: unknown,
      args: ConnectionArgs & { query?: string | null; sortKey?: string | null },
      ctx: SandboxContext,
      info: GraphQLResolveInfo,
    ) => {
      // The whole customer list is kept sorted per sort key, as a store keeps its listing indexes.
      const all = parseSearchQuery(args.query).kind === 'all';
      const sorted = all
        ? ctx.store.listing(`sort:${args.sortKey ?? 'ID'}`, () => Object.freeze(sortedCustomers(ctx.store.customers.values(), args.sortKey)))
        : sortedCustomers(customersMatching(args.query, ctx, info), args.sortKey);
      return connection(sorted, args);
    },
    customersCount: (_: unknown, args: { query?: string | null }, ctx: SandboxContext, info: GraphQLResolveInfo) => ({
      count: customersMatching(args.query, ctx, info).length,
      precision: 'EXACT',
    }),
    customerByIdentifier: (_: unknown, args: { identifier: IdentifierInput }, ctx: SandboxContext) => {
      const { id, emailAddress, phoneNumber } = args.identifier;
      if (id) return parseGid(id)?.type === 'Customer' ? (ctx.store.customers.get(id) ?? null) : null;
      const email = normaliseEmail(emailAddress);
      const phone = normalisePhone(phoneNumber, FALLBACK_PHONE_REGION);
      const matches = new Set([...(email === null ? [] : ctx.store.search.byKey(`email:${email}`)), ...(phone === null ? [] : ctx.store.search.byKey(`phone:${phone}`))]);
      if (matches.size <= 1) return [...matches][0] ?? null;
      // The first match in the store's order, as a scan would find it.
      for (const c of ctx.store.customers.values()) if (matches.has(c)) return c;
      return null;
    },
  },
};

const typeOf = (value: { id?: unknown }) => (typeof value.id === 'string' ? parseGid(value.id)?.type : undefined) ?? null;

/** Resolves the concrete type behind the `Node` and `LegacyInteroperability` interfaces from the object's gid. */
export const interfaceResolvers = {
  Node: { __resolveType: typeOf },
  LegacyInteroperability: { __resolveType: typeOf },
  // Every user error the sandbox builds names its own type.
  DisplayableError: { __resolveType: (error: { __typename?: string }) => error.__typename ?? null },
};
