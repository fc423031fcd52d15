import { buildSchema } from 'graphql';
import { buildRecordOfProcessing, renderRecordOfProcessing } from '../src/privacy/record-of-processing.js';
import { loadTypeDefs } from '../src/server/schema.js';
import { loadSettings } from '../src/settings.js';

// `npm run record-of-processing [-- --json]`: the record of processing (GDPR Art. 30) for schema/*.graphql and the
// cache settings in the environment (read as the gateway reads every setting), as Markdown on stdout, or as JSON
// with --json. No resolvers, no silos.
const USAGE = 'usage: record-of-processing [--json]';

// Piped into `head` and the like: a reader that stops early is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; ${USAGE}`);
  const record = buildRecordOfProcessing(buildSchema(loadTypeDefs().join('\n')), loadSettings(process.env).cache);
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(record, null, 2)}\n` : renderRecordOfProcessing(record));
} catch (error) {
  // Exit through exitCode, not process.exit, so a long record piped to another program is written in full.
  process.stderr.write(`record-of-processing failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
