import { writeFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { loadTypeDefs } from '../src/server/schema.js';
import { buildTrustedManifest } from '../src/server/trusted-manifest.js';

// `npm run trusted-documents -- --from operations/ --out manifest.json`: the manifest of trusted documents for
// TRUSTED_DOCUMENTS, from every .graphql file of a folder (one named operation each, validated against
// schema/*.graphql). A bad file stops it with an error naming the file, and nothing is written.
const USAGE = 'usage: trusted-documents --from FOLDER --out FILE';

/** The value after a flag, or an error naming the flag. */
function option(args: string[], flag: string): string {
  const i = args.indexOf(flag);
  const value = i >= 0 ? args[i + 1] : undefined;
  if (!value || value.startsWith('--')) throw new Error(`${flag} is missing; ${USAGE}`);
  return value;
}

try {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--from' && a !== '--out');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; ${USAGE}`);
  const from = option(args, '--from');
  const out = option(args, '--out');
  const manifest = buildTrustedManifest(from, buildSchema(loadTypeDefs().join('\n')));
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${out}: ${manifest.operations.length} trusted operations (${manifest.operations.map((op) => op.name).join(', ')})\n`);
} catch (error) {
  process.stderr.write(`trusted-documents failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
