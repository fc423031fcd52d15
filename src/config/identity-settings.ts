import { z } from 'zod';

/** Identity resolution's bounds and the link review's size: IDENTITY_MAX_NAMES_PER_VALUE, IDENTITY_MAX_CLUSTER_SIZE, LINK_REVIEW_MAX_ENTRIES. */
export const identitySettings = z
  .object({
    IDENTITY_MAX_NAMES_PER_VALUE: z.coerce.number().int().min(2).max(1000).default(5),
    IDENTITY_MAX_CLUSTER_SIZE: z.coerce.number().int().min(2).max(1000).default(12),
    LINK_REVIEW_MAX_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(1000),
  })
  .transform((s) => ({
    bounds: { maxNamesPerValue: s.IDENTITY_MAX_NAMES_PER_VALUE, maxClusterSize: s.IDENTITY_MAX_CLUSTER_SIZE },
    reviewMaxEntries: s.LINK_REVIEW_MAX_ENTRIES,
  }));
