import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.js';
import { settingsFailure } from './support.js';

describe('CORS_ALLOWED_ORIGINS', () => {
  it('is empty by default: no origin is allowed', () => {
    expect(loadSettings({}).server.corsAllowedOrigins).toEqual([]);
  });

  it('takes comma-separated origins, spaces and empty entries ignored', () => {
    const { server } = loadSettings({ CORS_ALLOWED_ORIGINS: 'https://console.example.com, http://localhost:5173,' });
    expect(server.corsAllowedOrigins).toEqual(['https://console.example.com', 'http://localhost:5173']);
  });

  it('refuses anything that is not an origin as a browser sends it, naming the setting and never the value', () => {
    for (const value of ['web.test', 'https://web.test/', 'https://web.test/app', 'HTTPS://Web.test', 'ftp://web.test', '*']) {
      const { issues } = settingsFailure(() => loadSettings({ CORS_ALLOWED_ORIGINS: `https://ok.test,${value}` }));
      expect(issues.map((i) => i.setting)).toEqual(['CORS_ALLOWED_ORIGINS']);
      expect(issues[0]?.message).toMatch(/^CORS_ALLOWED_ORIGINS: comma-separated origins/);
      expect(issues[0]?.message).not.toMatch(/web\.test|ok\.test/i);
    }
  });
});
