import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../connectors/sandbox-kit/index.js';
import { fakeVendor, TOKEN } from './fixtures/fake-vendor.js';

/** Starts the fake vendor's sandbox for the suite, resets its faults and stats before each test, and gives HTTP helpers. */
export function useSandbox(options: SandboxOptions = {}) {
  let sandbox: RunningSandbox | undefined;
  const url = () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox.url;
  };
  /** A vendor call, with the vendor's token unless `token` says otherwise. */
  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${url()}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  /** A call to the `/__sandbox/*` control surface. */
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${url()}/__sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const setFaults = async (faults: object) => expect((await control('PUT', 'faults', faults)).status).toBe(200);
  const search = (body: string, token: string | null = TOKEN) =>
    call('/v1/widgets/search', { method: 'POST', body, headers: { 'content-type': 'application/json' } }, token);

  beforeAll(async () => {
    sandbox = await startSandbox(fakeVendor, options);
  });
  afterAll(() => sandbox?.close());
  beforeEach(async () => {
    await setFaults({});
    expect((await control('DELETE', 'stats')).status).toBe(204);
  });
  return { url, call, control, setFaults, search };
}
