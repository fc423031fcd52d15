import { z } from 'zod';

/** The timeline's look-ahead: TIMELINE_LOOKAHEAD_DAYS. */
export const timelineSettings = z
  .object({
    // How long after its record's creation a refund, cancellation or solve is still placed right on every page.
    TIMELINE_LOOKAHEAD_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  })
  .transform((s) => ({ lookaheadMs: s.TIMELINE_LOOKAHEAD_DAYS * 86_400_000 }));
