import { describe, expect, it } from 'vitest';
import { chunk, inBatches, mapConcurrent } from '../../../connectors/shared/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('chunk', () => {
  it('splits into consecutive chunks of at most size items, leaving the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(chunk(items, 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunk(items, 7)).toEqual([items]);
    expect(chunk([], 3)).toEqual([]);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects size %s, naming it', (size) => {
    expect(() => chunk([1], size)).toThrow(new RangeError(`chunk size must be a positive integer: ${size}`));
  });
});

describe('mapConcurrent', () => {
  it('keeps input order even when later items finish first, passing each index', async () => {
    const out = await mapConcurrent([5, 4, 3, 2, 1], 5, async (n, i) => (await tick(n * 5), `${i}:${n}`));
    expect(out).toEqual(['0:5', '1:4', '2:3', '3:2', '4:1']);
  });

  it('never has more than `concurrency` calls in flight, and does reach that bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapConcurrent(Array.from({ length: 12 }, (_, i) => i), 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await tick(2 + (n % 4));
      inFlight -= 1;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(out).toEqual(Array.from({ length: 12 }, (_, i) => i * 2));
  });

  it('calls fn exactly once per item', async () => {
    const calls: number[] = [];
    await mapConcurrent([1, 2, 3, 4, 5], 2, async (n) => void calls.push(n));
    expect(calls.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers an empty list with [] without calling fn', async () => {
    await expect(mapConcurrent([], 4, async () => { throw new Error('called'); })).resolves.toEqual([]);
  });

  it('rejects with the first failure', async () => {
    await expect(mapConcurrent([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('boom'); return n; })).rejects.toThrow('boom');
  });

  it.each([0, -1, 1.5])('rejects concurrency %s instead of resolving to holes', async (concurrency) => {
    await expect(mapConcurrent([1, 2], concurrency, async (n) => n)).rejects.toThrow(RangeError);
  });
});

describe('mapConcurrent after a failure', () => {
  it('starts no further calls once one has failed', async () => {
    let calls = 0;
    const failing = mapConcurrent([1, 2, 3, 4, 5, 6, 7, 8], 2, async (n) => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 1));
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(failing).rejects.toThrow('boom');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBeLessThanOrEqual(3);
  });
});

describe('inBatches', () => {
  it('asks for each distinct id once, in batches of batchSize, and merges the answers', async () => {
    const batches: string[][] = [];
    const found = await inBatches(['a', 'b', 'a', 'c', 'd', 'b', 'e'], 2, async (batch) => {
      batches.push(batch);
      // The vendor knows every id but 'd'.
      return new Map(batch.filter((id) => id !== 'd').map((id) => [id, id.toUpperCase()]));
    });
    expect(batches).toHaveLength(3);
    expect(batches.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    expect([...found.entries()].sort()).toEqual([['a', 'A'], ['b', 'B'], ['c', 'C'], ['e', 'E']]);
  });

  it('makes no call for an empty id list', async () => {
    let calls = 0;
    const found = await inBatches<string, string>([], 10, async () => (calls++, new Map()));
    expect(found.size).toBe(0);
    expect(calls).toBe(0);
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await inBatches(Array.from({ length: 20 }, (_, i) => i), 2, async (batch) => {
      peak = Math.max(peak, ++inFlight);
      await tick(3);
      inFlight -= 1;
      return new Map(batch.map((id) => [id, id]));
    }, 3);
    expect(peak).toBe(3);
  });
});
