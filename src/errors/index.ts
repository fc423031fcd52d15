/** Error codes and the one place where anything thrown becomes a client-safe GraphQLError. */
export { type ErrorCode, badInput, forbidden, unauthenticated, toGraphQLError } from './errors.js';
