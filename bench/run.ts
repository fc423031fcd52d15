import { parseOptions } from './options.js';
import { killChildrenOnExit } from './processes.js';
import { formatTable, writeResults } from './report.js';
import { runBench } from './run-bench.js';

// `npm run bench`: progress on stderr, the table on stdout, the figures in bench/results/latest.json (or --out).
killChildrenOnExit();
try {
  const options = parseOptions(process.argv.slice(2));
  const results = await runBench(options);
  writeResults(options.out, results);
  console.log(formatTable(results));
  process.stderr.write(`bench: results written to ${options.out}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
