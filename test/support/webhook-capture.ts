import Fastify from 'fastify';
import type { Delivery } from '../../src/webhooks/index.js';

/** A receiver on a loopback port that keeps every webhook request as it arrived (raw body), to check wire formats. */
export async function startCapture(): Promise<{ url: string; received: Delivery[]; close(): Promise<void> }> {
  const received: Delivery[] = [];
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/*', async (request) => {
    received.push({ method: request.method, url: request.url, headers: request.headers, body: request.body as Buffer });
    return {};
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, received, close: () => app.close() };
}
