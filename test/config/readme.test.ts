import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/settings.js';

/** The rows of the README's "Settings" table: the settings a row names and its default cell. */
function readmeRows(): { names: string[]; defaults: string }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Settings\n'), readme.indexOf('\n## ', readme.indexOf('\n## Settings\n') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split(' | ');
      return { names: [...(cells[0] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] as string), defaults: (cells.at(-1) ?? '').replace(/ \|$/, '') };
    });
}

describe('the README\'s settings table', () => {
  const rows = readmeRows();
  const listed = rows.flatMap((row) => row.names);

  it('lists every setting of the schema once, and nothing else', () => {
    expect([...listed].sort()).toEqual([...SETTINGS.names]);
  });

  it('states the default of every setting that has one', () => {
    const stated = new Map<string, string>();
    for (const { names, defaults } of rows) {
      const values = defaults.split(', ').map((value) => value.replaceAll('`', ''));
      // A row whose defaults are one per setting states each; others describe it ("sandbox", "half the deadline").
      if (values.length === names.length) names.forEach((name, i) => stated.set(name, values[i] as string));
    }
    for (const [name, value] of Object.entries(SETTINGS.defaults)) {
      expect({ name, stated: stated.get(name)?.split(' ')[0] }).toEqual({ name, stated: String(value) });
    }
  });
});
