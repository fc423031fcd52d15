import { readFileSync } from 'node:fs';
import { isSourceError, type SourceError } from '../../../src/model/index.js';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../../connectors/shopify/index.js';

const fixtures = new URL('./fixtures/', import.meta.url);

/** The raw text of a fixture (vendor examples and the unmodified SDL subset, copied from the vendor folder). */
export const fixtureText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

/** A vendor example payload, parsed fresh on every call so tests cannot share mutations. */
export const fixture = <T = Record<string, unknown>>(name: string): T => JSON.parse(fixtureText(name)) as T;

/** Where the msw contract tests pretend the store lives. */
export const SHOP = 'https://c360-contract.myshopify.com';
/** A token the contract tests send, to check it never leaks into an error. */
export const TOKEN = 'shpat_contract0test0token0f9e8d7c6b5a4';
/** The connector config of that store. */
export const CONFIG = { baseUrl: SHOP, accessToken: TOKEN, apiVersion: DEFAULT_SHOPIFY_API_VERSION };
/** The Admin GraphQL endpoint of that store. */
export const GRAPHQL_URL = `${SHOP}/admin/api/${DEFAULT_SHOPIFY_API_VERSION}/graphql.json`;

/** Shopify's 403 body for an access token without a scope the call needs. */
export const FORBIDDEN_BODY = { errors: '[API] This action requires merchant approval for read_customers scope.' };

/** Shopify's 401 body for a missing or wrong access token. */
export const UNAUTHORIZED_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

/** A deadline short enough that no test waits long. */
export const soon = (ms = 1500) => ({ deadline: Date.now() + ms });

/** The silo error a call fails with; fails the test when the call succeeds or fails with anything else. */
export async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (isSourceError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a silo error');
}
