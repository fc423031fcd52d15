import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readErrorTable, renderErrorTable, TABLE_END, TABLE_START, withErrorTable } from '../../scripts/errors/error-table.js';
import { ERROR_CODE_LIST } from '../../src/errors/index.js';

const readme = readFileSync('README.md', 'utf8');

describe("the README's error table", () => {
  it('is the table of src/errors/codes.ts: every code, its status and meaning (run `npm run errors:table`)', () => {
    expect(readErrorTable(readme)).toEqual(renderErrorTable());
  });

  it('has one row per code, in the order of the list', () => {
    const rows = renderErrorTable().slice(2);
    expect(rows.map((row) => /^\| `([A-Z_]+)` \|/.exec(row)?.[1])).toEqual(ERROR_CODE_LIST);
  });

  it('tells a stale README: a row missing, added or changed', () => {
    const table = renderErrorTable();
    const section = (rows: string[]) => `intro\n${TABLE_START}\n${rows.join('\n')}\n${TABLE_END}\nrest`;
    const changed = [...table.slice(0, 3), table[3]?.replace('| 403; 200 on a field |', '| 401 |') ?? '', ...table.slice(4)];
    for (const stale of [table.slice(0, -1), [...table, '| `SOMETHING_ELSE` | 418 | made up. |'], changed]) {
      expect(readErrorTable(section(stale))).not.toEqual(table);
      expect(readErrorTable(withErrorTable(section(stale)))).toEqual(table);
    }
    expect(() => withErrorTable('no markers here')).toThrow(/README\.md has no error table/);
  });
});
