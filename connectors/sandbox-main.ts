import { z } from 'zod';
import { embeddedSandboxSettings } from './embedded-sandbox-settings.js';
import { sandboxSettings, sandboxWebhookSecretSettings, sandboxWorld, settingsLines, startSandboxes, WEBHOOK_SECRET_SETTING, writeWorldFile } from './index.js';

// `npm run sandbox`: the four sandbox silos alone, announced one per line, then the settings a gateway started
// separately needs to trust them. Its own program, so it reads its own slice of the environment once, here: SANDBOX_*
// and the four webhook keys (by the names the gateway reads them by); the gateway's other settings are not its business.
const OWN = new Set(Object.values(WEBHOOK_SECRET_SETTING));
const present = Object.fromEntries(Object.entries(process.env).filter(([name, value]) => (name.startsWith('SANDBOX_') || OWN.has(name)) && value));
const settings = embeddedSandboxSettings.safeParse(Object.fromEntries(Object.entries(present).filter(([name]) => name.startsWith('SANDBOX_'))));
const secrets = sandboxWebhookSecretSettings.safeParse(Object.fromEntries(Object.entries(present).filter(([name]) => OWN.has(name))));
if (!settings.success || !secrets.success) {
  const errors = [settings.error, secrets.error].filter((error) => error !== undefined);
  console.error(`sandboxes failed to start: invalid settings:\n${errors.map((error) => z.prettifyError(error)).join('\n')}`);
  process.exit(1);
}
// `npm run sandbox -- --export-world FILE`: writes the world these settings give (SANDBOX_SEED, SANDBOX_PEOPLE) as a
// world file, which SANDBOX_WORLD_FILE serves again, and starts nothing.
const exportAt = process.argv.indexOf('--export-world');
if (exportAt !== -1) {
  const file = process.argv[exportAt + 1];
  if (!file || file.startsWith('--')) {
    console.error('--export-world takes the file to write: npm run sandbox -- --export-world world.json');
    process.exit(1);
  }
  const world = sandboxWorld(settings.data);
  writeWorldFile(file, world);
  console.log(`world written: ${world.people.length} people, seed ${world.seed}`);
  process.exit(0);
}
let sandboxes: Awaited<ReturnType<typeof startSandboxes>>;
try {
  sandboxes = await startSandboxes({ ...settings.data, webhookSecrets: secrets.data });
} catch (error) {
  // A WorldFileError names every fault of SANDBOX_WORLD_FILE, none of its values.
  console.error(`sandboxes failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const [system, sandbox] of sandboxes) console.log(`sandbox ${system}: ${sandbox.url}`);
// Sandbox-only credentials and this process's own webhook keys (nothing of a real account): what the user pastes.
console.log('# settings for a gateway started separately (paste them into its environment); then PUT /__sandbox/webhooks {"url": "<gateway>/webhooks/<vendor>"} on each sandbox');
for (const line of settingsLines(sandboxSettings(sandboxes))) console.log(line);
console.log('sandboxes ready');
const stop = async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
