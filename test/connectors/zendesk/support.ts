import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateWorld, startSandbox, type Faults, type World } from '../../../connectors/sandbox-kit/index.js';
import { basicAuthHeader } from '../../../connectors/zendesk/auth.js';
import { createZendeskSandbox, ZENDESK_SANDBOX_CREDENTIALS, type ZendeskSandboxOptions } from '../../../connectors/zendesk/index.js';
import { loadOpenApi } from '../../support/openapi.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** A vendor example payload, copied unmodified from the shared vendor folder. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

const oas = loadOpenApi(fileURLToPath(new URL('openapi-support.excerpt.yaml', FIXTURES)));

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/**
 * Problems of a body against an OAS schema. The live API sends `null` where the excerpt has no `nullable`
 * (vendor README), so a null counts as an absent value: required fields are still enforced.
 */
export function specProblems(schemaName: string, body: unknown): string[] {
  return oas.problems(schemaName, withoutNulls(body));
}

const REQUIRED = /^(\S*) must have required property '([^']+)'$/;

/** The value at a JSON pointer such as `/deleted_user` or `/compliance_deletion_statuses/1`. */
function at(body: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
}

/**
 * Like `specProblems`, but a required field sent as `null` counts as present: the vendor's own examples send
 * `phone: null` and `executer_id: null` where the excerpt requires them.
 */
export function specProblemsNullsPresent(schemaName: string, body: unknown): string[] {
  return specProblems(schemaName, body).filter((problem) => {
    const match = REQUIRED.exec(problem);
    if (!match) return true;
    const parent = at(body, match[1] ?? '') as Record<string, unknown> | undefined;
    return parent?.[match[2] ?? ''] !== null;
  });
}

/** The `Authorization` header the sandbox accepts. */
export const SANDBOX_AUTH = basicAuthHeader(ZENDESK_SANDBOX_CREDENTIALS);

/** A running Zendesk sandbox over a small deterministic world, with its control surface. */
export async function startZendeskSandbox(people = 200, options: ZendeskSandboxOptions = {}) {
  const world: World = generateWorld({ seed: 42, people });
  const sandbox = await startSandbox(createZendeskSandbox(world, options), { port: 0 });
  const control = (path: string, init?: RequestInit) => fetch(`${sandbox.url}/__sandbox/${path}`, init);
  return {
    world,
    url: sandbox.url,
    close: () => sandbox.close(),
    /** GET on the vendor API, with the sandbox credentials unless other headers are given. */
    get: (path: string, headers: Record<string, string> = { authorization: SANDBOX_AUTH }) => fetch(`${sandbox.url}${path}`, { headers }),
    /** Requests served since the last reset. */
    requests: async () => ((await (await control('stats')).json()) as { total: number; byEndpoint: Record<string, number> }),
    resetStats: () => control('stats', { method: 'DELETE' }),
    setFaults: (faults: Partial<Faults>) =>
      control('faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) }),
  };
}

/** A query string for `/api/v2/search`. */
export function searchPath(query: string, extra: Record<string, string> = {}, path = '/api/v2/search'): string {
  return `${path}?${new URLSearchParams({ query, ...extra }).toString()}`;
}
