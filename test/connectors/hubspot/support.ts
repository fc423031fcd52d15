import { readFileSync } from 'node:fs';
import { loadOpenApi, type OpenApiValidator } from '../../support/openapi.js';

const dir = new URL('./fixtures/', import.meta.url);

/** A vendor example payload from fixtures/, parsed fresh on every call so tests cannot share mutations. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

/** The raw text of a fixture. */
export const fixtureText = (name: string) => readFileSync(new URL(name, dir), 'utf8');

/**
 * Validators for the HubSpot OpenAPI excerpts: the three of ../shared/vendor-apis, and the communication preference
 * writes (v3 subscribe, v4 unsubscribe-all) taken from HubSpot's public spec collection (see its `x-excerpt-of`).
 */
export const specs: { contacts: OpenApiValidator; associations: OpenApiValidator; preferences: OpenApiValidator; preferenceWrites: OpenApiValidator } = {
  contacts: loadOpenApi(new URL('openapi-crm-contacts-v3.excerpt.json', dir).pathname),
  associations: loadOpenApi(new URL('openapi-crm-associations-v4.excerpt.json', dir).pathname),
  preferences: loadOpenApi(new URL('openapi-communication-preferences-v3.excerpt.json', dir).pathname),
  preferenceWrites: loadOpenApi(new URL('openapi-communication-preferences-writes.excerpt.json', dir).pathname),
};

/** Where the msw contract tests pretend HubSpot lives. */
export const HUBSPOT = 'https://api.hubapi.com';
/** A token the contract tests send, to check it never leaks into an error. */
export const TOKEN = 'pat-na1-contract-test-secret-token';

/** HubSpot's 403 body for a token without a scope the call needs (`category: MISSING_SCOPES`, as the API answers it). */
export const forbiddenBody = {
  status: 'error',
  message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
  correlationId: '8d3c3a6e-6b5e-4c1c-9d0a-1f0c2b3a4d5e',
  errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.read'] } }],
  links: { scopes: 'https://developers.hubspot.com/scopes' },
  category: 'MISSING_SCOPES',
};

/** HubSpot's 401 body (documented shape; there is no example file for it). */
export const unauthorizedBody = {
  status: 'error',
  message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  correlationId: 'a43683b0-5717-4ceb-80b6-cd8b7d8a5ab0',
  category: 'INVALID_AUTHENTICATION',
};
