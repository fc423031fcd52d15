import { Client } from '@hubspot/api-client';
import { createClient } from 'node-zendesk';
import { SquareClient } from 'square';
import { afterEach, describe, expect, it } from 'vitest';
import { refuseBeyondLoopback } from './loopback-only.js';

// The guard the SDK suites run behind: each SDK left on its default base URL is stopped before it leaves the machine.
let guard: ReturnType<typeof refuseBeyondLoopback> | undefined;
afterEach(() => guard?.restore());

describe('refuseBeyondLoopback', () => {
  it('stops every SDK on its default vendor URL, and global fetch, before a connection is made', async () => {
    guard = refuseBeyondLoopback();
    const hubspot = new Client({ accessToken: 'pat-na1-none', numberOfApiCallRetries: 0 });
    await expect(hubspot.crm.contacts.basicApi.getById('1')).rejects.toThrow();
    const square = new SquareClient({ token: 'none', maxRetries: 0 });
    await expect(square.locations.list()).rejects.toThrow();
    const zendesk = createClient({ username: 'a@example.com', token: 'none', subdomain: 'example', throwOriginalException: true });
    await expect(zendesk.users.show(1)).rejects.toThrow();
    await expect(fetch('https://example.com/')).rejects.toThrow();
    expect(new Set(guard.refused)).toEqual(new Set(['api.hubapi.com', 'connect.squareup.com', 'example.zendesk.com', 'example.com']));
  });

  it('lets loopback through', async () => {
    guard = refuseBeyondLoopback();
    // Nothing listens on port 1: the connection is tried, and refused by the system rather than the guard.
    await expect(fetch('http://127.0.0.1:1/')).rejects.toThrow();
    expect(guard.refused).toEqual([]);
  });
});
