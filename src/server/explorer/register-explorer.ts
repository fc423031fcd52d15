import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createExplorerAssets } from './explorer-assets.js';
import { EXPLORER_ASSET_PATHS, EXPLORER_CSP, explorerPage } from './explorer-page.js';
import { prefersHtml } from './prefers-html.js';
import { loadReadmeExamples } from './readme-examples.js';

/** What the explorer is served with. */
export interface ExplorerOptions {
  /** The GraphQL path the explorer posts to, and serves the page at for browsers. */
  graphqlPath: string;
  /** Demo mode's printed tokens per role (src/auth `demoCredentials`), for the role picker on loopback; null outside demo mode. */
  demoTokens: ReadonlyMap<string, string> | null;
}

const isLoopback = (address: string | undefined) => address === '::1' || /^(::ffff:)?127\./.test(address ?? '');

const page = (reply: FastifyReply, html: string) =>
  reply.type('text/html; charset=utf-8').header('content-security-policy', EXPLORER_CSP).header('cache-control', 'no-store').send(html);

/**
 * Serves the explorer (GraphiQL) at `GET /` and at `GET /graphql` for a browser (an `Accept` that prefers HTML, no
 * `query` parameter); every other request to the GraphQL path goes on to Apollo Server as before. The bundle is
 * built on first use (`createExplorerAssets`).
 */
export function registerExplorer(app: FastifyInstance, { graphqlPath, demoTokens }: ExplorerOptions): void {
  const assets = createExplorerAssets();
  const tabs = loadReadmeExamples();
  const withTokens = explorerPage({ endpoint: graphqlPath, demoTokens: demoTokens ? Object.fromEntries(demoTokens) : null, tabs });
  const withoutTokens = explorerPage({ endpoint: graphqlPath, demoTokens: null, tabs });
  // The demo tokens (admin's among them) go only to a browser on this machine, as the start-up output does: a demo
  // gateway listening on another interface hands no one else a token.
  const html = (request: FastifyRequest) => (isLoopback(request.socket.remoteAddress) ? withTokens : withoutTokens);
  app.get('/', async (request, reply) => page(reply, html(request)));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !prefersHtml(request.headers.accept)) return;
    const url = new URL(request.url, 'http://gateway.invalid');
    if (url.pathname !== graphqlPath || url.searchParams.has('query')) return;
    await page(reply, html(request));
  });
  app.get(EXPLORER_ASSET_PATHS.js, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send((await assets()).js));
  app.get(EXPLORER_ASSET_PATHS.css, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send((await assets()).css));
}
