import { expect } from 'vitest';

/** A DELETE with `Content-Type: application/json` and no body, as node-zendesk sends every DELETE. */
export function deleteWithEmptyJson(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'DELETE', headers: { ...headers, 'Content-Type': 'application/json' } });
}

/** The error an SDK call rejects with, checked to be the SDK's own error class. */
export async function rejection<E extends Error>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error: unknown = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(type);
  return error as E;
}
