import { describe, expect, it } from 'vitest';
import { createShutdown } from '../../src/lifecycle/index.js';

describe('createShutdown', () => {
  it('stops resources last started first, each once, however often close() is called', async () => {
    const shutdown = createShutdown();
    const stopped: string[] = [];
    for (const name of ['sandboxes', 'cache', 'gateway']) shutdown.defer(name, () => void stopped.push(name));
    await Promise.all([shutdown.close(), shutdown.close()]);
    await shutdown.close();
    expect(stopped).toEqual(['gateway', 'cache', 'sandboxes']);
  });

  it('runs every stop when one fails, then throws the first failure', async () => {
    const shutdown = createShutdown();
    const stopped: string[] = [];
    shutdown.defer('a', () => void stopped.push('a'));
    shutdown.defer('b', () => Promise.reject(new Error('b would not stop')));
    shutdown.defer('c', () => {
      throw new Error('c would not stop');
    });
    await expect(shutdown.close()).rejects.toThrow('c would not stop');
    expect(stopped).toEqual(['a']);
  });

  it('hands back the value it registers, and refuses registrations once closing', async () => {
    const shutdown = createShutdown();
    const resource = { name: 'db' };
    expect(shutdown.defer(resource, () => {})).toBe(resource);
    await shutdown.close();
    expect(() => shutdown.defer('late', () => {})).toThrow(/after close/);
  });
});
