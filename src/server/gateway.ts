import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAccessPolicy, enforceAccess } from '../access/index.js';
import type { Authenticator } from '../auth/index.js';
import { createRequestContext, type GatewayServices, type RequestContext } from '../context/index.js';
import { resolvers } from '../resolvers/index.js';
import { formatError } from './format-error.js';
import { loadTypeDefs } from './schema.js';
import { auditPlugin, sourcesPlugin } from './sources-plugin.js';

/** What the gateway is built from. */
export interface GatewayOptions {
  services: GatewayServices;
  authenticator: Authenticator;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
}

/** A built gateway, not yet listening. */
export interface Gateway {
  app: FastifyInstance;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Assembles Fastify, Apollo Server, the schema and the per-request context. */
export async function createGateway({ services, authenticator, bodyLimit = 256 * 1024 }: GatewayOptions): Promise<Gateway> {
  const app = Fastify({ logger: false, bodyLimit });
  let ready = false;
  const plain = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
  // Fails start-up when any field has no access rule.
  const schema = enforceAccess(plain, createAccessPolicy(plain));
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [fastifyApolloDrainPlugin(app), sourcesPlugin, auditPlugin],
  });
  await apollo.start();

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'starting' }));
  await app.register(fastifyApollo(apollo), {
    context: async (request) => {
      const principal = await authenticator.authenticate(request.headers.authorization);
      return createRequestContext(services, principal);
    },
  });

  return {
    app,
    async listen(port, host) {
      await app.listen({ port, host });
      ready = true;
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host}:${bound}`;
    },
    async close() {
      ready = false;
      await app.close();
      await services.auditTrail.close();
    },
  };
}
