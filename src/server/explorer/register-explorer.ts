import type { FastifyInstance, FastifyReply } from 'fastify';
import { createExplorerAssets } from './explorer-assets.js';
import { EXPLORER_ASSET_PATHS, EXPLORER_CSP, explorerPage } from './explorer-page.js';
import { prefersHtml } from './prefers-html.js';
import { loadReadmeExamples } from './readme-examples.js';

/** What the explorer is served with. */
export interface ExplorerOptions {
  /** The GraphQL path the explorer posts to, and serves the page at for browsers. */
  graphqlPath: string;
  /** Demo mode's printed tokens per role (src/auth `demoCredentials`), for the role picker; null outside demo mode. */
  demoTokens: ReadonlyMap<string, string> | null;
}

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
  const html = explorerPage({ endpoint: graphqlPath, demoTokens: demoTokens ? Object.fromEntries(demoTokens) : null, tabs });
  app.get('/', async (_request, reply) => page(reply, html));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !prefersHtml(request.headers.accept)) return;
    const url = new URL(request.url, 'http://gateway.invalid');
    if (url.pathname !== graphqlPath || url.searchParams.has('query')) return;
    await page(reply, html);
  });
  app.get(EXPLORER_ASSET_PATHS.js, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send((await assets()).js));
  app.get(EXPLORER_ASSET_PATHS.css, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send((await assets()).css));
}
