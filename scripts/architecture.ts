/**
 * `npm run architecture`: measures how the parts are wired (ARCHITECTURE.md) and prints one line per measure.
 * `--json` prints the same as JSON. test/architecture/import-graph.test.ts asserts the targets.
 */
import { measureArchitecture } from './architecture/measure.js';

const report = measureArchitecture(process.cwd());
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const measure of report.measures) {
    console.log(`${measure.name}: ${measure.value}${measure.target === undefined ? '' : ` (target ${measure.target})`}`);
    for (const detail of measure.details.slice(0, 40)) console.log(`  ${detail}`);
    if (measure.details.length > 40) console.log(`  … ${measure.details.length - 40} more`);
  }
}
