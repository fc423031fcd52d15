import { describe, expect, it } from 'vitest';
import { cyclesOf } from '../../scripts/architecture/import-graph.js';
import { concernOf, measureArchitecture, type Measure } from '../../scripts/architecture/measure.js';

const report = measureArchitecture(process.cwd());
const measure = (prefix: string): Measure => {
  const found = report.measures.find((m) => m.name.startsWith(prefix));
  if (!found) throw new Error(`no measure named ${prefix}`);
  return found;
};

describe('the import graph', () => {
  it('finds cycles, self-loops included, and nothing in an acyclic graph', () => {
    expect(cyclesOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(['a'], [['a', 'a']])).toEqual([['a']]);
    expect(cyclesOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c'], ['a', 'c']])).toEqual([]);
  });

  it('names a concern after the folder below its tree', () => {
    expect(concernOf('src/cache/two-levels.ts')).toBe('src/cache');
    expect(concernOf('connectors/shopify/sandbox/store.ts')).toBe('connectors/shopify');
    expect(concernOf('src/app.ts')).toBe('src');
  });

  it('has no cycle between the concerns of src/ and connectors/', () => {
    expect(measure('concern cycles').details).toEqual([]);
  });
});
