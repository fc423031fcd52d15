import { loadSettings } from '../src/config/index.js';
import { startSandboxes } from './index.js';

// `npm run sandbox`: the four sandbox silos alone, announced one per line.
const settings = loadSettings();
const sandboxes = await startSandboxes({
  seed: settings.SANDBOX_SEED,
  people: settings.SANDBOX_PEOPLE,
  latencyMs: settings.SANDBOX_LATENCY_MS,
  shopifyErasureDelayMs: settings.SANDBOX_SHOPIFY_ERASURE_DELAY_MS,
});
for (const [system, sandbox] of sandboxes) console.log(`sandbox ${system}: ${sandbox.url}`);
const stop = async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
