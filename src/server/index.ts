/** The HTTP surface: Fastify with Apollo Server at /graphql behind its admission gate, health and readiness. */
export { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { registerAdmission, type Admission, type AdmissionOptions } from './admission.js';
export { createPublicUrl, type PublicUrl } from './public-url.js';
