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

/** The keys a type requires (not optional). */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * The keys an SDK's type `T` requires, written out: the compiler refuses a list that misses one or names another,
 * so the list follows the SDK when it changes. `requiredKeysOf<User>()(['id', 'name'])`.
 */
export function requiredKeysOf<T>() {
  return <const L extends ReadonlyArray<RequiredKeys<T>>>(keys: L & ([Exclude<RequiredKeys<T>, L[number]>] extends [never] ? unknown : never)): L => keys;
}

/** Expects every one of `keys` to be present (not undefined) in what the SDK handed back. */
export function expectKeys(value: object | null | undefined, keys: readonly PropertyKey[]): void {
  const present = Object.entries(value ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k);
  expect(present, 'keys the SDK type requires').toEqual(expect.arrayContaining([...keys]));
}
