import { z } from 'zod';

/**
 * The embedded sandboxes' settings: the generated world (SANDBOX_SEED, SANDBOX_PEOPLE) or a world file that
 * replaces it (SANDBOX_WORLD_FILE, read when the sandboxes start), their base latency (SANDBOX_LATENCY_MS) and how
 * long the Shopify sandbox defers an erasure (SANDBOX_SHOPIFY_ERASURE_DELAY_MS).
 */
export const embeddedSandboxSettings = z
  .object({
    SANDBOX_SEED: z.coerce.number().int().default(42),
    SANDBOX_PEOPLE: z.coerce.number().int().positive().max(200_000).default(2000),
    SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).default(0),
    SANDBOX_SHOPIFY_ERASURE_DELAY_MS: z.coerce.number().int().min(0).default(5000),
    SANDBOX_WORLD_FILE: z.string().trim().min(1, 'SANDBOX_WORLD_FILE must be the path of a world file (JSON), or unset for the generated world').optional(),
  })
  .transform((s) => ({
    seed: s.SANDBOX_SEED,
    people: s.SANDBOX_PEOPLE,
    latencyMs: s.SANDBOX_LATENCY_MS,
    shopifyErasureDelayMs: s.SANDBOX_SHOPIFY_ERASURE_DELAY_MS,
    ...(s.SANDBOX_WORLD_FILE === undefined ? {} : { worldFile: s.SANDBOX_WORLD_FILE }),
  }));
