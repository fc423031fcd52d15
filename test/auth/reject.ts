import { GraphQLError } from 'graphql';
import { expect } from 'vitest';

/** Asserts that authentication failed with UNAUTHENTICATED / HTTP 401, without echoing the token; returns the message. */
export async function expectUnauthenticated(attempt: Promise<unknown>, token?: string): Promise<string> {
  const error = await attempt.then(
    () => { throw new Error('expected the token to be rejected'); },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { message, extensions } = error as GraphQLError;
  expect(extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  if (token) {
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(message).not.toContain(part);
  }
  return message;
}
