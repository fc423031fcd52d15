import { describe, expect, it } from 'vitest';
import { namespacesOf, unknownSettings } from '../../src/config/index.js';

const NAMES = ['PORT', 'HOST', 'CACHE_TTL_SECONDS', 'CACHE_MAX_BYTES', 'HUBSPOT_BASE_URL', 'HUBSPOT_ACCESS_TOKEN'];

describe('unknown settings', () => {
  it('takes the first word of each setting as a namespace of the gateway; one-word settings claim only themselves', () => {
    expect(namespacesOf(NAMES)).toEqual(['CACHE_', 'HUBSPOT_']);
  });

  it('reports a variable in a namespace that is no setting, with the setting meant when it is a typo away', () => {
    expect(unknownSettings(['CACHE_TTL_SECOND', 'HUBSPOT_TOKEN_TYPE', 'CACHE_MAX_BYTES'], NAMES)).toEqual([
      { setting: 'CACHE_TTL_SECOND', kind: 'unknown', message: 'CACHE_TTL_SECOND is not a setting: did you mean CACHE_TTL_SECONDS?' },
      { setting: 'HUBSPOT_TOKEN_TYPE', kind: 'unknown', message: 'HUBSPOT_TOKEN_TYPE is not a setting: remove it (README, "Settings", lists every setting)' },
    ]);
  });

  it('ignores everything outside the namespaces, one-word look-alikes included', () => {
    expect(unknownSettings(['PATH', 'HOME', 'HOSTNAME', 'PORTS', 'NODE_OPTIONS', 'CACHEDIR', 'hubspot_base_url'], NAMES)).toEqual([]);
  });

  it('leaves alone the service links Kubernetes adds for a service named like a namespace (cache, hubspot)', () => {
    const links = ['CACHE_PORT', 'CACHE_SERVICE_HOST', 'CACHE_SERVICE_PORT', 'CACHE_SERVICE_PORT_HTTP', 'CACHE_PORT_6379_TCP', 'CACHE_PORT_6379_TCP_ADDR', 'HUBSPOT_PORT_443_TCP_PROTO'];
    expect(unknownSettings(links, NAMES)).toEqual([]);
    expect(unknownSettings(['CACHE_PORTS', 'CACHE_SERVICE'], NAMES).map((i) => i.setting)).toEqual(['CACHE_PORTS', 'CACHE_SERVICE']);
  });
});
