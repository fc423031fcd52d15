// Role mailboxes are read by many people: an address like these never identifies one person.
const GENERIC_LOCALS = new Set([
  'info', 'office', 'contact', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'admin', 'support', 'sales',
  'hello', 'team', 'mail', 'help', 'billing', 'accounts', 'orders', 'service', 'enquiries', 'inquiries', 'reception',
]);

/** Determines if an email is a shared role mailbox (info@, noreply@, ...) that must not link people. */
export function isGenericEmail(email: string): boolean {
  const local = email.slice(0, email.indexOf('@'));
  return GENERIC_LOCALS.has(local);
}
