import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/config/index.js';
import { loadSettings } from '../../src/settings.js';

const DAY = 86_400_000;

describe('TIMELINE_LOOKAHEAD_DAYS', () => {
  it('defaults to a year and is handed to the gateway in milliseconds', () => {
    expect(loadSettings({}).timeline.lookaheadMs).toBe(365 * DAY);
    expect(loadSettings({ TIMELINE_LOOKAHEAD_DAYS: '30' }).timeline.lookaheadMs).toBe(30 * DAY);
    expect(loadSettings({ TIMELINE_LOOKAHEAD_DAYS: '0' }).timeline.lookaheadMs).toBe(0);
  });

  it.each(['-1', '3651', 'a year'])('refuses %s, naming the setting', (value) => {
    expect(() => loadSettings({ TIMELINE_LOOKAHEAD_DAYS: value })).toThrow(SettingsError);
    expect(() => loadSettings({ TIMELINE_LOOKAHEAD_DAYS: value })).toThrow(/TIMELINE_LOOKAHEAD_DAYS/);
  });
});
