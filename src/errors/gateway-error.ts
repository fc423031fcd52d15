import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import type { Source } from '../model/index.js';
import { statusOf, type ErrorCode } from './codes.js';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    /**
     * One of the gateway's public codes (src/errors/codes.ts), Apollo Server's included. Any string still fits:
     * the augmentation is global and the Shopify sandbox answers with Shopify's codes; gateway code throws
     * GatewayError, whose `code` is an ErrorCode.
     */
    code?: ErrorCode | (string & {});
    /** The silo at fault, when one is. */
    source?: Source;
    /** The argument at fault, for BAD_USER_INPUT and AMBIGUOUS_SUBJECT. */
    argument?: string;
  }
}

/** Options of a GatewayError beyond its code and message. */
export interface GatewayErrorOptions {
  /** Further extensions (`argument`, `source`, `category`); `code` is the error's own and `http` follows `refusesRequest`. */
  extensions?: Omit<GraphQLErrorExtensions, 'code' | 'http'>;
  /**
   * The error refuses the whole request (it is thrown outside execution: in the context, a validation rule or
   * `didResolveOperation`), so Apollo Server answers with the code's status. Unset for a field's error, whose
   * response stays 200 with the other fields' data.
   */
  refusesRequest?: boolean;
}

/**
 * The base of every error the gateway throws: a code from the one table, the status it answers with, `this.name`
 * set by each subclass.
 *
 * It is a GraphQLError because every gateway error is thrown where Apollo Server catches it (the context, a
 * validation rule, a plugin hook, a resolver) and Apollo sends a GraphQLError's extensions as they are, so no
 * second conversion layer is needed. The plain HTTP routes (webhooks, export downloads, Fastify's own refusals)
 * throw nothing: they answer, so they share the vocabulary through `replyWithError`, which takes the same
 * `ErrorCode` and the same table's status, without building an Error (and its stack) to serialise two fields.
 */
export class GatewayError<C extends ErrorCode = ErrorCode> extends GraphQLError {
  override readonly name: string = 'GatewayError';
  /** The public code, as in `extensions.code`. */
  readonly code: C;
  /** The HTTP status this code answers with when it refuses a request (`ERROR_CODES[code].status`). */
  readonly status: number;

  constructor(code: C, message: string, options: GatewayErrorOptions = {}) {
    const status = statusOf(code);
    super(message, { extensions: { ...options.extensions, code, ...(options.refusesRequest ? { http: { status } } : {}) } });
    this.code = code;
    this.status = status;
  }
}
