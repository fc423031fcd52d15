import { z } from 'zod';
import { embeddedSandboxSettings } from './embedded-sandbox-settings.js';
import { startSandboxes } from './index.js';

// `npm run sandbox`: the four sandbox silos alone, announced one per line. Its own program, so it reads its own
// slice of the environment (SANDBOX_*) once, here; the gateway's settings are not its business.
const present = Object.fromEntries(Object.entries(process.env).filter(([name, value]) => name.startsWith('SANDBOX_') && value));
const settings = embeddedSandboxSettings.safeParse(present);
if (!settings.success) {
  console.error(`sandboxes failed to start: invalid settings:\n${z.prettifyError(settings.error)}`);
  process.exit(1);
}
const sandboxes = await startSandboxes(settings.data);
for (const [system, sandbox] of sandboxes) console.log(`sandbox ${system}: ${sandbox.url}`);
const stop = async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
