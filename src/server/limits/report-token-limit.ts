import { Lexer, Source, TokenKind, type GraphQLError } from 'graphql';
import { shown } from './limit-code.js';

// graphql-js aborts parsing with this message when `maxTokens` is passed ("that" is its own typo in 16.x).
const ABORTED = /Document contains more tha[nt] \d+ tokens/;

/** Counts a document's tokens as the parser does (comments and commas excluded); null if it does not lex. */
function countTokens(source: string): number | null {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n += 1;
  } catch {
    return null;
  }
  return n;
}

/**
 * Turns Apollo's GRAPHQL_PARSE_FAILED for a document over `maxTokens` into TOKEN_LIMIT_EXCEEDED with the
 * measured count (lexing again costs at most the body limit, only for refused documents).
 */
export function reportTokenLimit(error: GraphQLError, source: string | undefined, maxTokens: number): void {
  if (error.extensions.code !== 'GRAPHQL_PARSE_FAILED' || !ABORTED.test(error.message)) return;
  const n = source === undefined ? null : countTokens(source);
  error.extensions.code = 'TOKEN_LIMIT_EXCEEDED';
  error.message = `The document has ${n === null ? `more than ${maxTokens}` : shown(n)} tokens; the limit is ${maxTokens}.`;
}
