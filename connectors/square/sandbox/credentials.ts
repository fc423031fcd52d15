/**
 * The credentials an embedded Square sandbox accepts unless told otherwise. Not a real Square token. Its webhook
 * signature key is not among them: each sandbox generates its own unless SQUARE_SIGNATURE_KEY is set.
 */
export const SQUARE_SANDBOX_CREDENTIALS = {
  accessToken: 'EAAAsandbox-square-access-token-not-a-real-secret',
} as const;
