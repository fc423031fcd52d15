import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import type { CapturedResponses } from './baseline.js';

// The baseline: `node --import tsx bench/baseline-server.ts <captured.json>`. A bare Apollo Server on the
// gateway's HTTP stack (Fastify 5 + @as-integrations/fastify), over the gateway's own schema, whose root
// resolvers return the responses captured from the gateway. Every field below the root goes through
// GraphQL execution with the default resolvers, so the JSON is the gateway's, byte for byte, minus the
// gateway's work: no token check, no silo call, no identity resolution, no per-request context.

const file = process.argv[2];
if (!file) throw new Error('usage: baseline-server.ts <captured-responses.json>');
const captured = JSON.parse(readFileSync(file, 'utf8')) as CapturedResponses;

const schemaDir = fileURLToPath(new URL('../schema/', import.meta.url));
const typeDefs = readdirSync(schemaDir).filter((f) => f.endsWith('.graphql')).sort().map((f) => readFileSync(join(schemaDir, f), 'utf8'));
const Query = Object.fromEntries(Object.entries(captured).map(([field, response]) => [field, () => response.data[field]]));
const schema = makeExecutableSchema({ typeDefs, resolvers: { Query } });

// The gateway adds `extensions.sources` to every response; so does the baseline, from the capture.
const extensionsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation }) {
        const root = operation?.selectionSet.selections[0];
        const field = root?.kind === 'Field' ? root.name.value : undefined;
        const extensions = field ? captured[field]?.extensions : undefined;
        if (response.body.kind === 'single' && extensions) response.body.singleResult.extensions = extensions;
      },
    };
  },
};

const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
const apollo = new ApolloServer({ schema, includeStacktraceInErrorResponses: false, plugins: [fastifyApolloDrainPlugin(app), extensionsPlugin] });
await apollo.start();
await app.register(fastifyApollo(apollo));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`baseline: http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
