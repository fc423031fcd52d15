/** The role a silo plays, not its vendor. */
export type Source = 'CRM' | 'ECOMMERCE' | 'SUPPORT' | 'POS';

/** The vendor system behind a silo. */
export type System = 'hubspot' | 'shopify' | 'zendesk' | 'square';

/** Every silo role, in the order the gateway reports them. */
export const SOURCES: readonly Source[] = ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'];

/** Which vendor backs each silo role. */
export const SYSTEM_OF: Readonly<Record<Source, System>> = {
  CRM: 'hubspot',
  ECOMMERCE: 'shopify',
  SUPPORT: 'zendesk',
  POS: 'square',
};

/** Where a canonical record came from and when it was read. */
export interface Provenance {
  source: Source;
  system: System;
  /** The vendor's own id, e.g. `gid://shopify/Customer/544365967`. */
  recordId: string;
  /** When the vendor last changed the record (ISO 8601 UTC), if it says. */
  updatedAt: string | null;
  /** When the gateway read it (ISO 8601 UTC). */
  fetchedAt: string;
}
