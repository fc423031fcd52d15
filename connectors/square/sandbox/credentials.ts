/** The credentials an embedded Square sandbox accepts unless told otherwise. Not a real Square token. */
export const SQUARE_SANDBOX_CREDENTIALS = {
  accessToken: 'EAAAsandbox-square-access-token-not-a-real-secret',
  signatureKey: 'sandbox-square-signature-key',
} as const;
