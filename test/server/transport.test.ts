import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TRANSPORT_DEFAULTS, type TransportSettings } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/index.js';
import { until } from '../cache/support.js';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

// A query that reads two silos: run, it leaves upstream calls in the fakes' count.
const QUERY = JSON.stringify({ query: '{ findCustomers(email: "p1@example.com") { id displayName posTransactions(first: 1) { totalCount } } }' });

/** A raw TCP connection to the rig: what it received, and a promise of everything it received once closed. */
interface Raw {
  socket: Socket;
  received(): string;
  closed: Promise<string>;
}

function open(url: string): Raw {
  const { port } = new URL(url);
  const socket = connect({ host: '127.0.0.1', port: Number(port) });
  let data = '';
  socket.on('data', (chunk: Buffer) => {
    data += chunk.toString('utf8');
  });
  // A refused connection may be reset rather than closed: either way it ends.
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(data)));
  return { socket, received: () => data, closed };
}

const HEALTH = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

describe('the HTTP transport: timeouts and connection caps', () => {
  const rigs: GatewayOverFakes[] = [];
  const lines: string[] = [];
  const rig = async (transport: Partial<TransportSettings>) => {
    const sink = new Writable({ write(chunk: Buffer, _encoding, callback) { lines.push(chunk.toString()); callback(); } });
    const r = await createGatewayOverFakes({
      transport: { ...TRANSPORT_DEFAULTS, ...transport },
      logger: createLogger({ level: 'info', destination: sink }),
    });
    rigs.push(r);
    await r.listen();
    return r;
  };
  afterEach(async () => {
    await Promise.all(rigs.splice(0).map((r) => r.close()));
    lines.length = 0;
  });

  it('cuts off a client that never finishes its headers with 408 REQUEST_TIMEOUT, and logs it without the request', async () => {
    const r = await rig({ headersTimeoutMs: 100, bodyTimeoutMs: 5000 });
    const raw = open(r.url);
    // Personal data and a token in the headers: none of it may reach the log.
    raw.socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Contact: alice.liddell@example.com\r\nAuthorization: Bearer very-secret-token\r\n');
    const answer = await raw.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'REQUEST_TIMEOUT' } }] });
    await until(() => lines.some((l) => l.includes('REQUEST_TIMEOUT')), 'the 408 in the log');
    // Everything logged from the refusal on (the start-up line names the listening address, which is no client's).
    const logged = lines.slice(lines.findIndex((l) => l.includes('REQUEST_TIMEOUT'))).join('\n');
    expect(logged).toMatch(/"status":408/);
    expect(logged).not.toMatch(/alice|liddell|example\.com|very-secret-token|127\.0\.0\.1/);
    expect(r.fakes.calls).toEqual([]);
  });

  it('refuses a body sent a byte at a time with 408 once the request time passes, and never runs it', async () => {
    const r = await rig({ headersTimeoutMs: 200, bodyTimeoutMs: 300 });
    const token = await r.token('support');
    const raw = open(r.url);
    raw.socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${Buffer.byteLength(QUERY)}\r\nConnection: close\r\n\r\n`);
    // The whole body would take seconds at this pace; without a request timeout it would arrive and run.
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < QUERY.length && !raw.socket.destroyed) raw.socket.write(QUERY.slice(sent, ++sent));
    }, 25);
    const answer = await raw.closed.finally(() => clearInterval(drip));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('REQUEST_TIMEOUT');
    expect(sent).toBeLessThan(QUERY.length);
    expect(r.fakes.calls).toEqual([]);

    // The same request sent whole is run: it is the pace that was refused.
    const whole = await fetch(`${r.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: QUERY });
    expect(whole.status).toBe(200);
    expect(r.fakes.calls.length).toBeGreaterThan(0);
  });

  it('refuses connections beyond MAX_CONNECTIONS while serving those it holds', async () => {
    const r = await rig({ maxConnections: 2 });
    const held = [open(r.url), open(r.url)];
    for (const c of held) c.socket.write(HEALTH);
    await until(() => held.every((c) => c.received().includes('"status":"ok"')), 'both held connections served');

    const third = open(r.url);
    third.socket.write(HEALTH);
    expect(await third.closed).toBe('');

    // Those it holds are still served, on the same sockets.
    const first = held[0] as Raw;
    const before = first.received().length;
    first.socket.write(HEALTH);
    await until(() => first.received().slice(before).includes('"status":"ok"'), 'a second request on a held connection');
    for (const c of held) c.socket.destroy();
  });

  it('closes a kept-alive connection that sends nothing more once the keep-alive timeout passes', async () => {
    const r = await rig({ keepAliveTimeoutMs: 100 });
    const raw = open(r.url);
    raw.socket.write(HEALTH);
    const answer = await raw.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/keep-alive/i);
  });

  it('drops a connection idle past CONNECTION_IDLE_TIMEOUT_MS', async () => {
    const r = await rig({ idleTimeoutMs: 100 });
    const raw = open(r.url);
    // Nothing sent: with the headers timeout at its default, it is the idle timeout that ends it.
    expect(await raw.closed).toBe('');
  });

  it('ends a connection after MAX_REQUESTS_PER_CONNECTION requests', async () => {
    const r = await rig({ maxRequestsPerConnection: 2 });
    const raw = open(r.url);
    raw.socket.write(HEALTH + HEALTH);
    await until(() => (raw.received().match(/"status":"ok"/g) ?? []).length === 2, 'both answers');
    const [first, second] = raw.received().split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 [^]*connection: keep-alive/i);
    expect(second).toMatch(/^HTTP\/1\.1 200 [^]*connection: close/i);
    raw.socket.destroy();
  });
});
