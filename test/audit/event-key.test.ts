import { describe, expect, it } from 'vitest';
import { createEventClock, encodeCursor, parseCursor } from '../../src/audit/event-key.js';

describe('audit event keys', () => {
  it('issue ids and times that sort in commit order, within one millisecond and when the clock steps back', () => {
    const readings = [1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000, 1_699_999_999_990, 1_700_000_000_005];
    const clock = createEventClock(() => readings.shift() ?? 1_700_000_000_005);
    const keys = Array.from({ length: 6 }, () => clock());
    const sorted = [...keys].sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
    expect(sorted).toEqual(keys);
    expect(keys.map((k) => k.at)).toEqual([
      ...Array(4).fill('2023-11-14T22:13:20.000Z'),
      '2023-11-14T22:13:20.005Z',
      '2023-11-14T22:13:20.005Z',
    ]);
    for (const { id } of keys) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('borrows the next millisecond after 4096 events in one, keeping the order', () => {
    const clock = createEventClock(() => 1_700_000_000_000);
    const keys = Array.from({ length: 4_100 }, () => clock());
    expect(keys.at(-1)?.at).toBe('2023-11-14T22:13:20.001Z');
    const ordered = keys.every((k, i) => i === 0 || `${keys[i - 1]?.at}${keys[i - 1]?.id}` < `${k.at}${k.id}`);
    expect(ordered).toBe(true);
  });

  it('round-trips a cursor and refuses anything it did not make', () => {
    const key = createEventClock()();
    expect(parseCursor(encodeCursor(key))).toEqual(key);
    const bad = ['', '!!!', 'a'.repeat(300), Buffer.from('{"at":1}').toString('base64url'), Buffer.from(`["${key.at}"]`).toString('base64url')];
    for (const cursor of bad) expect(() => parseCursor(cursor)).toThrow(RangeError);
  });
});
