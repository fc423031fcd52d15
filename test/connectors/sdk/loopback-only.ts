import net from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

type Connect = typeof net.Socket.prototype.connect;

/** The host a `Socket#connect` call names: options (also as Node's normalised `[options, cb]`), or `(port, host)`. */
function hostOf(args: unknown[]): string | null {
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.path === 'string') return null;
    return typeof options.host === 'string' ? options.host : 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null;
  return typeof second === 'string' ? second : 'localhost';
}

/**
 * Makes every TCP connection to anything but loopback fail (before any DNS look-up), from `install()` until the
 * returned `restore()`, and records the hosts refused. It sits below every HTTP stack the SDKs use (Node's http,
 * node-fetch, undici), so no SDK can reach a real vendor, whatever base URL it falls back to.
 */
export function refuseBeyondLoopback(): { refused: string[]; restore(): void } {
  const refused: string[] = [];
  const original: Connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host === null || LOOPBACK.has(host.replace(/^\[|\]$/g, ''))) return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    refused.push(host);
    process.nextTick(() => this.destroy(new Error(`refused a connection beyond loopback: ${host}`)));
    return this;
  } as Connect;
  return { refused, restore: () => void (net.Socket.prototype.connect = original) };
}

/** For one suite: no connection leaves loopback, and the suite fails if one was tried. */
export function loopbackOnly(): void {
  let guard: ReturnType<typeof refuseBeyondLoopback> | undefined;
  beforeAll(() => void (guard = refuseBeyondLoopback()));
  afterAll(() => {
    guard?.restore();
    expect(guard?.refused, 'connections tried beyond loopback').toEqual([]);
  });
}
