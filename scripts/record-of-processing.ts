import { writeFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { buildRecordOfProcessing, renderRecordOfProcessing } from '../src/privacy/record-of-processing.js';
import { loadTypeDefs } from '../src/server/schema.js';
import { loadSettings } from '../src/settings.js';

// `npm run record-of-processing [-- --json] [-- --out FILE]`: the record of processing (GDPR Art. 30) for
// schema/*.graphql and the cache settings in the environment (read as the gateway reads every setting), as Markdown
// on stdout, or as JSON with --json. No resolvers, no silos. npm prints its own `> name@version script` lines on
// stdout before the script's, so a redirected `npm run` is not the record alone: `--out FILE` writes only the record
// to FILE (as does `npm run --silent record-of-processing > FILE`).
const USAGE = 'usage: record-of-processing [--json] [--out FILE]';

// Piped into `head` and the like: a reader that stops early is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt === -1 ? undefined : args[outAt + 1];
  if (outAt !== -1 && (!out || out.startsWith('--'))) throw new Error(`--out takes the file to write; ${USAGE}`);
  const unknown = args.filter((a, i) => a !== '--json' && (outAt === -1 || (i !== outAt && i !== outAt + 1)));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; ${USAGE}`);
  const record = buildRecordOfProcessing(buildSchema(loadTypeDefs().join('\n')), loadSettings(process.env).cache);
  const text = args.includes('--json') ? `${JSON.stringify(record, null, 2)}\n` : renderRecordOfProcessing(record);
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
} catch (error) {
  // Exit through exitCode, not process.exit, so a long record piped to another program is written in full.
  process.stderr.write(`record-of-processing failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
