/** API-token credentials: an agent's email and a token from the Zendesk Admin Center. */
export interface ZendeskCredentials {
  email: string;
  apiToken: string;
}

const TOKEN_SEPARATOR = '/token:';

/** The `Authorization` header Zendesk expects for API-token auth: `Basic base64("{email}/token:{api_token}")`. */
export function basicAuthHeader({ email, apiToken }: ZendeskCredentials): string {
  return `Basic ${Buffer.from(`${email}${TOKEN_SEPARATOR}${apiToken}`, 'utf8').toString('base64')}`;
}

/** Reads API-token credentials back out of an `Authorization` header; null when it is not one. */
export function parseBasicAuthHeader(header: string | undefined): ZendeskCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(TOKEN_SEPARATOR);
  if (separator < 0) return null;
  return { email: decoded.slice(0, separator), apiToken: decoded.slice(separator + TOKEN_SEPARATOR.length) };
}

/** The API-token credentials the Zendesk sandbox accepts unless told otherwise. */
export const ZENDESK_SANDBOX_CREDENTIALS: Readonly<ZendeskCredentials> = Object.freeze({
  email: 'gateway@sandbox.zendesk.test',
  apiToken: 'zendesk-sandbox-api-token',
});

/** Whether an `Authorization` header carries exactly these credentials (Zendesk treats the email case-insensitively). */
export function isAuthorizedBy(header: string | undefined, expected: ZendeskCredentials): boolean {
  const given = parseBasicAuthHeader(header);
  return given !== null && given.email.toLowerCase() === expected.email.toLowerCase() && given.apiToken === expected.apiToken;
}
