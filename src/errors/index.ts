/**
 * The gateway's error vocabulary: every public code with its status and meaning, the error classes thrown with
 * them, the one place where anything thrown becomes a client-safe GraphQLError, and the HTTP routes' error bodies.
 */
export { ERROR_CODES, ERROR_CODE_LIST, errorCodeInfo, isErrorCode, statusOf, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export { GatewayError, type GatewayErrorOptions } from './gateway-error.js';
export {
  AmbiguousSubject,
  AuditUnavailable,
  BadUserInput,
  DocumentNotTrusted,
  Forbidden,
  InternalServerError,
  Overloaded,
  PrivacyUnavailable,
  QueryLimitExceeded,
  SourceFailure,
  TimelineCursorInvalid,
  TokenRefused,
  Unauthenticated,
  type QueryLimitCode,
} from './error-classes.js';
export { toGraphQLError } from './to-graphql-error.js';
export { blameGateway, isBlamedOnGateway, isShedByGateway, shedByGateway } from './gateway-side.js';
export { chooseGraphQLMediaType, type GraphQLMediaChoice, type GraphQLMediaType } from './graphql-media-type.js';
export { replyWithError, replyWithGraphQLError, type ErrorBody, type GraphQLErrorBody } from './reply-with-error.js';
export { UnreachableCaseError } from '../model/index.js';
