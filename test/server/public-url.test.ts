import { describe, expect, it } from 'vitest';
import { createPublicUrl } from '../../src/server/index.js';

describe('createPublicUrl', () => {
  it('is the listening address when PUBLIC_URL is not configured, and empty before', () => {
    const url = createPublicUrl(undefined);
    expect(url()).toBe('');
    url.listening('http://127.0.0.1:4000');
    expect(url()).toBe('http://127.0.0.1:4000');
  });

  it('keeps a configured PUBLIC_URL whatever the gateway listens on', () => {
    const url = createPublicUrl('https://c360.example.com');
    url.listening('http://127.0.0.1:4000');
    expect(url()).toBe('https://c360.example.com');
  });
});
