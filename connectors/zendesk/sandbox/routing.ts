import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { invalidAttribute } from './answers.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Registers a GET route under its path with and without `.json`, as Zendesk serves both. */
export function getWithJson(app: FastifyInstance, path: string, handler: Handler): void {
  app.get(path, handler);
  app.get(`${path}.json`, handler);
}

/** Registers a DELETE route under its path with and without `.json`. */
export function deleteWithJson(app: FastifyInstance, path: string, handler: Handler): void {
  app.delete(path, handler);
  app.delete(`${path}.json`, handler);
}

/** One query parameter; the last one wins when it is repeated. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** A path parameter. */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

/** The scheme and host the request came to: the sandbox's "account URL". */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** The URL of this same request with some query parameters replaced, in Zendesk's `….json?…` form. */
export function linkTo(request: FastifyRequest, replace: Record<string, string | undefined>): string {
  const path = (request.url.split('?')[0] ?? '').replace(/\.json$/, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...(request.query as Record<string, unknown>), ...replace })) {
    if (typeof value === 'string') params.set(key, value);
  }
  return `${originOf(request)}${path}.json?${params.toString()}`;
}

/** Sends a canned vendor answer. */
export function sendAnswer(reply: FastifyReply, answer: VendorAnswer): FastifyReply {
  return reply.status(answer.status).headers(answer.headers ?? {}).send(answer.body);
}

/** Whether a value is an answer to send rather than a result to use. */
export function isAnswer(value: unknown): value is VendorAnswer {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** The most ids a `show_many` call takes. */
export const MAX_SHOW_MANY = 100;

/**
 * Reads the comma-separated `ids` / `external_ids` list of a `show_many` call, de-duplicated in order;
 * more than 100, or ids that are not integers, get Zendesk's 400.
 */
export function readIdList(request: FastifyRequest, name: 'ids' | 'external_ids'): string[] | VendorAnswer | undefined {
  const raw = queryParam(request, name);
  if (raw === undefined) return undefined;
  const values = [...new Set(raw.split(',').map((value) => value.trim()).filter((value) => value !== ''))];
  if (values.length > MAX_SHOW_MANY) return invalidAttribute(name, `Too many ${name}: at most ${MAX_SHOW_MANY} are allowed, got ${values.length}`);
  if (name === 'ids' && values.some((value) => !/^\d{1,19}$/.test(value))) return invalidAttribute(name, 'Invalid parameter: ids must be integers');
  return values;
}

const SIDELOAD = /([a-z_]+)\(([^)]*)\)|([a-z_]+)/g;

/**
 * The sideloads an `include=` list asks for, by the result type they apply to: `include=users,groups` gives
 * `'' → {users, groups}`; a search names the type, as in `include=tickets(users,metric_sets)` → `tickets → {…}`.
 */
export function sideloads(request: FastifyRequest): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (type: string, name: string) => {
    if (name !== '') found.set(type, (found.get(type) ?? new Set()).add(name));
  };
  for (const [, type, names, plain] of (queryParam(request, 'include') ?? '').matchAll(SIDELOAD)) {
    if (plain !== undefined) add('', plain);
    else for (const name of (names ?? '').split(',')) add(type ?? '', name.trim());
  }
  return found;
}
