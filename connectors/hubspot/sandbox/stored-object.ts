/** A CRM record as a sandbox holds it: its id, HubSpot's string properties (`null` where unset) and its dates. */
export interface StoredObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  /** The values some properties took, oldest first (HubSpot `propertiesWithHistory`); absent for untracked ones. */
  history?: Record<string, PropertyValue[]>;
}

/** One value a property took: an entry of HubSpot's `ValueWithTimestamp`. */
export interface PropertyValue {
  value: string;
  timestamp: string;
  sourceType: string;
}
