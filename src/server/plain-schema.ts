import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { resolvers, type ResolverContext } from '../resolvers/index.js';
import { loadTypeDefs } from './schema.js';

/** The gateway's executable schema before the access rules wrap it: every `schema/*.graphql` file with its resolvers. */
export function createPlainSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as IResolvers<unknown, ResolverContext> });
}
