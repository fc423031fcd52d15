import { describe, expect, it } from 'vitest';
import { SerialisedRecords, jsonArray, withMembers } from '../../connectors/sandbox-kit/index.js';

describe('SerialisedRecords and the JSON text helpers', () => {
  it('keeps a record’s text per view until the record is forgotten', () => {
    const texts = new SerialisedRecords<{ name: string }>();
    const record = { name: 'Ada' };
    let renders = 0;
    const render = (r: { name: string }) => ((renders += 1), { name: r.name });
    expect(texts.text(record, 'a', render)).toBe('{"name":"Ada"}');
    record.name = 'Grace';
    expect(texts.text(record, 'a', render)).toBe('{"name":"Ada"}');
    expect(texts.text(record, 'b', render)).toBe('{"name":"Grace"}');
    texts.forget(record);
    expect(texts.text(record, 'a', render)).toBe('{"name":"Grace"}');
    expect(renders).toBe(3);
  });

  it('writes arrays and appended members byte for byte as JSON.stringify writes the spread object', () => {
    const base = { id: 1, tags: [], note: null };
    const more = { result_type: 'user', skipped: undefined, link: 'https://x.example/?a="b"' };
    expect(withMembers(JSON.stringify(base), more)).toBe(JSON.stringify({ ...base, ...more }));
    expect(withMembers('{}', more)).toBe(JSON.stringify({ ...more }));
    expect(withMembers(JSON.stringify(base), {})).toBe(JSON.stringify(base));
    expect(jsonArray([JSON.stringify(base), '2'])).toBe(JSON.stringify([base, 2]));
    expect(jsonArray([])).toBe('[]');
  });
});
