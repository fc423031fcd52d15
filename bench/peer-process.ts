import { PEER_CACHE_TTL_MS } from './peers/cache.js';
import type { Mode } from './options.js';
import { startService, type Service } from './processes.js';
import type { Sandboxes } from './stack.js';

/** The two reference implementations the gateway is measured against (bench/peers/). */
export type PeerId = 'peer1' | 'peer2';

/** A peer in its own process. */
export interface PeerProcess {
  id: PeerId;
  service: Service;
  graphqlUrl: string;
}

/**
 * Starts `bench/peers/server.ts` against the running sandboxes. Peer 2 keeps vendor answers for 30 s in warm
 * mode and keeps none in cold mode (its DataLoaders still batch), as the gateway's record cache is off when cold.
 */
export async function startPeer(id: PeerId, sandboxes: Sandboxes, mode: Mode): Promise<PeerProcess> {
  const env = {
    PATH: process.env.PATH ?? '',
    PEER: id === 'peer1' ? '1' : '2',
    PEER_CACHE_TTL_MS: id === 'peer2' && mode === 'warm' ? String(PEER_CACHE_TTL_MS) : '0',
    // The same settings lines the sandboxes printed, which the gateway gets.
    ...sandboxes.settings,
  };
  const service = await startService(`${id} (${mode})`, 'bench/peers/server.ts', { env, pattern: /^peer [12]: (http:\/\/\S+)$/, count: 1 });
  return { id, service, graphqlUrl: service.announced[0]?.[1] as string };
}
