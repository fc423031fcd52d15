import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.js';
import type { Scenario } from '../../bench/scenarios.js';

// The load client's classification of answers: what is served, what is shed (OVERLOADED), which silo an error
// blames, and a window in which nothing came back. Counts only; the window's length is not asserted.

const scenario: Scenario = {
  id: 'agent', title: 'Agent context', role: 'support', rootField: 'customerByTicket', floorLevels: 5, levelDerivation: '',
  query: 'query { customerByTicket(ticketId: "1") { id } }',
  isEmpty: (body) => body.includes('"customerByTicket":null'),
};

let server: Server | undefined;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const plan = (graphqlUrl: string) => ({ graphqlUrl, scenario, variables: [{}], nextToken: () => 't', connections: 2, durationSec: 1 });

describe('runLoad', () => {
  it('counts OVERLOADED answers apart from served ones, and errors by code and blamed silo', async () => {
    let n = 0;
    const url = await listen((request, response) => {
      request.resume();
      request.on('end', () => {
        if (n++ % 2 === 0) {
          // Every other shed answer leaves Retry-After out.
          response.writeHead(503, { 'content-type': 'application/json', ...(n % 4 === 1 ? { 'retry-after': '1' } : {}) });
          response.end(JSON.stringify({ errors: [{ message: 'busy', extensions: { code: 'OVERLOADED' } }] }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { customerByTicket: { id: 'c' } }, errors: [{ message: 'slow', extensions: { code: 'SOURCE_TIMEOUT', source: 'CRM' } }] }));
      });
    });
    const r = await runLoad(plan(url));
    expect(r.outcome).toBe('served');
    expect(r.overloaded).toBeGreaterThan(0);
    expect(r.served).toBeGreaterThan(0);
    expect(r.served + r.overloaded).toBe(r.completed);
    expect(r.errors.codes.OVERLOADED).toBe(r.overloaded);
    expect(r.errors.non2xx).toBe(0);
    expect(r.errors.graphql).toBe(r.served);
    expect(r.errors.blamed).toEqual({ CRM: { SOURCE_TIMEOUT: r.served } });
    expect(r.overloadedWithoutRetryAfter).toBeGreaterThan(0);
    expect(r.overloadedWithoutRetryAfter).toBeLessThan(r.overloaded);
    expect(r.latencyMs.p50).toEqual(expect.any(Number));
  });

  it('does not count a 2xx answer without a customer as served', async () => {
    const url = await listen((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: null, errors: [{ message: 'open', extensions: { code: 'CIRCUIT_OPEN', source: 'CRM' } }] }));
      });
    });
    const r = await runLoad(plan(url));
    expect(r.outcome).toBe('none-served');
    expect(r.completed).toBeGreaterThan(0);
    expect(r.errors.empty).toBe(r.completed);
    expect(r.errors.blamed).toEqual({ CRM: { CIRCUIT_OPEN: r.completed } });
  });

  it('reports a window that only sheds as none served, with no latency', async () => {
    const url = await listen((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        response.end(JSON.stringify({ errors: [{ message: 'busy', extensions: { code: 'OVERLOADED' } }] }));
      });
    });
    const r = await runLoad(plan(url));
    expect(r.outcome).toBe('none-served');
    expect(r.served).toBe(0);
    expect(r.requestsPerSec).toBe(0);
    expect(r.latencyMs.p50).toBeNull();
    expect(r.overloadedWithoutRetryAfter).toBe(0);
  });

  it('reports a window in which no answer arrives as none completed', async () => {
    const url = await listen((request) => request.resume());
    const r = await runLoad(plan(url));
    expect(r.outcome).toBe('none-completed');
    expect(r.completed).toBe(0);
    expect(r.sent).toBeGreaterThan(0);
    expect(r.latencyMs).toEqual({ p50: null, p95: null, p99: null, mean: null, max: null });
  });
});
