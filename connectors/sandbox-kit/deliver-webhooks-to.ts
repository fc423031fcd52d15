import type { System } from '../../src/model/index.js';
import type { RunningSandbox } from './server.js';
import { setWebhookTarget } from './webhook-control.js';
import { isLoopbackUrl } from './webhook-delivery.js';

/**
 * Points each running sandbox's webhooks at `${baseUrl}/webhooks/<vendor>`, signed with that vendor's secret — what
 * a developer would configure in each vendor's console. A vendor without a secret, or a base URL off the loopback
 * interface (sandboxes deliver nowhere else), is left without a target.
 */
export async function deliverWebhooksTo(
  sandboxes: Iterable<RunningSandbox>,
  baseUrl: string,
  secrets: Partial<Readonly<Record<System, string>>>,
): Promise<void> {
  for (const sandbox of sandboxes) {
    const secret = secrets[sandbox.system];
    const url = `${baseUrl.replace(/\/+$/, '')}/webhooks/${sandbox.system}`;
    if (secret && isLoopbackUrl(url)) await setWebhookTarget(sandbox.app, { url, secret });
  }
}
