import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../../connectors/shared/index.js';
import { GatewayStalled, SourceTimeout } from '../../../src/model/index.js';
import { isSiloFault } from '../../../src/resilience/index.js';
import { createManualClock, type ManualClock } from '../../support/manual-clock.js';

const TIMEOUT_MS = 1000;
const servers: http.Server[] = [];

/** A silo on a loopback port; `onRequest` decides what it does with each request. */
async function silo(onRequest: (res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((_req, res) => onRequest(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A silo that never answers, and a promise that it has been asked. */
async function silentSilo(): Promise<{ url: string; asked: Promise<void> }> {
  let arrived!: () => void;
  const asked = new Promise<void>((resolve) => (arrived = resolve));
  return { url: await silo(() => arrived()), asked };
}

const send = (baseURL: string, clock: ManualClock) =>
  createTransport({ source: 'ECOMMERCE', baseURL, headers: {}, clock })({ method: 'GET', path: '/customers' }, TIMEOUT_MS);

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('createTransport: whose timeout it is', () => {
  it('reads an answer that is waiting in the socket when the timer fires, instead of timing out', async () => {
    const clock = createManualClock();
    // The silo answers, and the timer fires before the gateway has read a byte of it: the order a busy event loop
    // gives (due timers run before the sockets are read).
    const url = await silo((res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"customers":[]}');
      clock.advance(TIMEOUT_MS);
    });
    await expect(send(url, clock)).resolves.toMatchObject({ status: 200, body: { customers: [] } });
  });

  it('ends an attempt whose timer ran late at an answer already coming in with GatewayStalled, which blames no silo and counts for no circuit', async () => {
    const clock = createManualClock();
    // The silo has begun its answer; the gateway looks 400 ms after the attempt's time was up.
    const url = await silo((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"customers":');
      clock.advance(TIMEOUT_MS + 400);
    });
    const error = await send(url, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayStalled);
    expect(error).toMatchObject({ source: 'ECOMMERCE', lateMs: 400 });
    expect(isSiloFault(error)).toBe(false);
  });

  it('ends an attempt the silo sent nothing for with a SourceTimeout, however late the gateway looked: it had longer still', async () => {
    const clock = createManualClock();
    const { url, asked } = await silentSilo();
    const attempt = send(url, clock).catch((e: unknown) => e);
    await asked;
    clock.advance(TIMEOUT_MS + 400);
    const error = await attempt;
    expect(error).toBeInstanceOf(SourceTimeout);
    expect(error).not.toBeInstanceOf(GatewayStalled);
    expect(isSiloFault(error)).toBe(true);
  });

  it('ends an attempt the silo does not answer in time, its timer on time, with a SourceTimeout the circuit counts', async () => {
    const clock = createManualClock();
    const { url, asked } = await silentSilo();
    const attempt = send(url, clock).catch((e: unknown) => e);
    await asked;
    clock.advance(TIMEOUT_MS + 100);
    const error = await attempt;
    expect(error).toBeInstanceOf(SourceTimeout);
    expect(error).not.toBeInstanceOf(GatewayStalled);
    expect(error).toMatchObject({ source: 'ECOMMERCE', message: `ECOMMERCE: no answer within ${TIMEOUT_MS} ms` });
    expect(isSiloFault(error)).toBe(true);
  });
});
