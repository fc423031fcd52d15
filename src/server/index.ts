/** The HTTP surface: Fastify with Apollo Server at /graphql, health and readiness. */
export { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { createPublicUrl, type PublicUrl } from './public-url.js';
