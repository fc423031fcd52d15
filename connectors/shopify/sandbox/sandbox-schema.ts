import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { customerResolvers } from './customer-resolvers.js';
import { mutationResolvers } from './mutation-resolvers.js';
import { orderResolvers } from './order-resolvers.js';
import { interfaceResolvers, rootResolvers } from './root-resolvers.js';

// The project's copy of Shopify's 2025-01 subset brought to the supported versions (its header says how), with
// QueryRoot.nodes and Mutation.customerEmailMarketingConsentUpdate added.
const SDL_URL = new URL('./admin-graphql.subset.graphql', import.meta.url);

let cached: GraphQLSchema | undefined;

/** The Admin API subset as an executable schema over the sandbox store; built once per process. */
export function sandboxSchema(): GraphQLSchema {
  cached ??= makeExecutableSchema({
    typeDefs: readFileSync(SDL_URL, 'utf8'),
    resolvers: [rootResolvers, interfaceResolvers, customerResolvers, orderResolvers, mutationResolvers],
  });
  return cached;
}
