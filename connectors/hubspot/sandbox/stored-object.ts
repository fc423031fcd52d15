/** A CRM record as a sandbox holds it: its id, HubSpot's string properties (`null` where unset) and its dates. */
export interface StoredObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
}
