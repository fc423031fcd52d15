import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { z } from 'zod';
import { cachedVendors } from './cache.js';
import { createDirectFetch, createLoaderFetch } from './fetch.js';
import { peerResolvers, type PeerContext } from './resolvers.js';
import { createVendors } from './vendors.js';

// A peer: `node --import tsx bench/peers/server.ts`, configured by the environment the bench gives it (the
// gateway's vendor setting names, PEER=1|2, PEER_CACHE_TTL_MS). Apollo Server 5's standalone server over the
// gateway's own schema files, so the bench sends it exactly the queries it sends the gateway. No token check,
// access rules, audit or breakers: that is what the peers leave out.

const env = z.object({
  PEER: z.enum(['1', '2']),
  PEER_CACHE_TTL_MS: z.coerce.number().int().min(0).default(0),
  HUBSPOT_BASE_URL: z.url(), HUBSPOT_ACCESS_TOKEN: z.string().min(1),
  SHOPIFY_BASE_URL: z.url(), SHOPIFY_ACCESS_TOKEN: z.string().min(1),
  ZENDESK_BASE_URL: z.url(), ZENDESK_EMAIL: z.string().min(1), ZENDESK_API_TOKEN: z.string().min(1),
  SQUARE_BASE_URL: z.url(), SQUARE_ACCESS_TOKEN: z.string().min(1),
}).parse(process.env);

const schemaDir = fileURLToPath(new URL('../../schema/', import.meta.url));
const typeDefs = readdirSync(schemaDir).filter((f) => f.endsWith('.graphql')).sort().map((f) => readFileSync(join(schemaDir, f), 'utf8'));
const schema = makeExecutableSchema({ typeDefs, resolvers: peerResolvers });

const direct = await createVendors({
  hubspot: { baseUrl: env.HUBSPOT_BASE_URL, accessToken: env.HUBSPOT_ACCESS_TOKEN },
  shopify: { baseUrl: env.SHOPIFY_BASE_URL, accessToken: env.SHOPIFY_ACCESS_TOKEN },
  zendesk: { baseUrl: env.ZENDESK_BASE_URL, email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN },
  square: { baseUrl: env.SQUARE_BASE_URL, accessToken: env.SQUARE_ACCESS_TOKEN },
});
const vendors = env.PEER === '2' && env.PEER_CACHE_TTL_MS > 0 ? cachedVendors(direct, env.PEER_CACHE_TTL_MS) : direct;
const fetchFor = env.PEER === '2' ? () => createLoaderFetch(vendors) : () => createDirectFetch(vendors);

const server = new ApolloServer<PeerContext>({ schema, includeStacktraceInErrorResponses: false });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' }, context: async () => ({ fetch: fetchFor() }) });
console.log(`peer ${env.PEER}: ${url}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
