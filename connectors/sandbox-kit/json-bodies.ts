import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Methods that carry no body by meaning. */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** Whether a request of this method with a JSON content type and an empty body is read as having no body. */
const isBodyless = (request: FastifyRequest) => BODYLESS.has(request.method);

/**
 * Parses JSON bodies, reading an empty one as no body where `acceptsEmpty` says the vendor does: by default on a
 * DELETE, as every vendor does (node-zendesk sends `Content-Type: application/json` on a body-less DELETE). Anywhere
 * else an empty JSON body stays Fastify's 400, which each sandbox answers in its vendor's words.
 */
export function parseJsonBodies(app: FastifyInstance, acceptsEmpty: (request: FastifyRequest) => boolean = isBodyless): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '' && acceptsEmpty(request)) return done(null, undefined);
    json(request, text, done);
  });
}
