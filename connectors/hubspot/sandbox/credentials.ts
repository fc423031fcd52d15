/**
 * The credentials a HubSpot sandbox accepts unless it is created with others. Its webhook key is not among them:
 * each sandbox generates its own (`RunningSandbox.webhookSecret`) unless HUBSPOT_CLIENT_SECRET is set.
 */
export const HUBSPOT_SANDBOX_CREDENTIALS = {
  /** A private app access token, sent as `Authorization: Bearer <token>`. */
  accessToken: 'pat-na1-sandbox-0000-4c2f-9b1e-000000000000',
} as const;

/** Credentials a sandbox checks requests against. */
export interface HubSpotSandboxCredentials {
  accessToken: string;
}
