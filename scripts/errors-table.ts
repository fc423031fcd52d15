/**
 * `npm run errors:table`: writes the README's error table from src/errors/codes.ts, the one list of codes.
 * test/errors/readme-error-table.test.ts fails while the README's copy differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withErrorTable } from './errors/error-table.js';

const readme = readFileSync('README.md', 'utf8');
const updated = withErrorTable(readme);
if (updated === readme) {
  console.log('README.md: the error table is up to date');
} else {
  writeFileSync('README.md', updated);
  console.log('README.md: the error table was rewritten from src/errors/codes.ts');
}
