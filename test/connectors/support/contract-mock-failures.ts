import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceUnauthorized,
  SourceUnavailable,
  isSourceError,
  type CallEvent,
  type ContactConnector,
  type SkippedRecord,
  type SourceError,
} from '../../../src/model/index.js';
import type { Answer, ConnectorContractSubject, MockRead } from './contract-subject.js';
import { inTurn, type MockVendor } from './mock-vendor.js';

/** A deadline the tests never wait for: only reads whose vendor asks for a longer wait than that end early. */
const ROOMY_MS = 20_000;

/** Every vendor failure becomes the right typed error, naming the silo and never a URL, token or body text. */
export function describeMockFailures<C extends ContactConnector>(subject: ConnectorContractSubject<C>, vendor: MockVendor): void {
  const { failures, rateLimits } = subject.mock;
  const events: CallEvent[] = [];
  const connector = subject.mock.create({ onCall: (event) => void events.push(event) });
  const secrets = [subject.mock.token, subject.mock.baseUrl, new URL(subject.mock.baseUrl).host, ...failures.secrets];
  const notJson = `${subject.source}: answered HTTP 200 with a body that is not JSON`;

  /** The typed error a read fails with when the vendor answers `answer`: it names the silo and leaks nothing. */
  async function failure(read: MockRead<C>, answer: Answer, deadlineMs = ROOMY_MS): Promise<SourceError> {
    vendor.use(read.on(answer));
    const error = await read.run(connector, { deadline: Date.now() + deadlineMs }).then(
      () => new Error('expected the read to fail'),
      (e: unknown) => e,
    );
    if (!isSourceError(error)) throw error;
    expect(error.source).toBe(subject.source);
    for (const secret of secrets) expect(error.message).not.toContain(secret);
    return error;
  }

  describe('vendor failures become typed silo errors', () => {
    it.each([
      ['refused credentials (401)', 401, failures.unauthorized],
      ['forbidden credentials (403)', 403, failures.forbidden],
    ] as const)('turns %s into SourceUnauthorized (SOURCE_UNAUTHORIZED) at once, naming the silo and no token, URL or body text', async (_what, status, { read = failures.read, answer, message }) => {
      const error = await failure(read, answer);
      expect(error).toBeInstanceOf(SourceUnauthorized);
      expect(error).not.toBeInstanceOf(SourceUnavailable);
      expect(error.code).toBe('SOURCE_UNAUTHORIZED');
      expect(error.status).toBe(status);
      expect(error.message).toMatch(message);
      expect(vendor.requests).toHaveLength(1);
    });

    it('retries a server error on each of its three attempts, then throws SourceUnavailable naming the code only', async () => {
      const { read = failures.read, answer, message } = failures.serverError;
      const error = await failure(read, answer);
      expect(error).toBeInstanceOf(SourceUnavailable);
      expect(error.message).toMatch(message);
      expect(vendor.requests).toHaveLength(3);
    });

    it('throws SourceBadResponse for a request the vendor refuses, without sending it again', async () => {
      const { read = failures.read, answer, message, status } = failures.rejected;
      const error = await failure(read, answer);
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.status).toBe(status);
      expect(error.message).toMatch(message);
      expect(vendor.requests).toHaveLength(1);
    });

    it.each([
      ['an HTML error page', () => new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', { headers: { 'content-type': 'text/html' } })],
      ['truncated JSON', () => new HttpResponse(JSON.stringify(failures.read.ok()).slice(0, 120), { headers: { 'content-type': 'application/json' } })],
    ])('turns %s in a 200 into SourceBadResponse', async (_what, answer) => {
      const error = await failure(failures.read, answer);
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.message).toBe(notJson);
      expect(vendor.requests).toHaveLength(1);
    });

    it.each(failures.spoiled.map((c) => [c.what, c] as const))('turns %s into SourceBadResponse rather than a garbage record', async (_what, spoiled) => {
      const error = await failure(spoiled.read ?? failures.read, spoiled.answer);
      expect(error).toBeInstanceOf(SourceBadResponse);
      if (spoiled.at !== undefined) expect(error.message).toBe(`${subject.source}: answered with an unexpected shape at ${spoiled.at}`);
      expect(vendor.requests).toHaveLength(1);
    });

    it.each(failures.skipped.map((c) => [c.what, c] as const))('leaves out %s, reports it for that record alone, and answers the rest', async (_what, spoiled) => {
      const read = spoiled.read ?? failures.read;
      vendor.use(read.on(spoiled.answer));
      const skipped: SkippedRecord[] = [];
      const answered = await read.run(connector, { deadline: Date.now() + ROOMY_MS, onSkippedRecord: (record) => void skipped.push(record) });
      expect(answered.map((r) => r.provenance.recordId)).toEqual(spoiled.kept);
      expect(skipped).toEqual(spoiled.reported.map((r) => ({ source: subject.source, ...r })));
    });

    it('turns a dropped connection into SourceUnavailable after its three attempts', async () => {
      const error = await failure(failures.read, () => HttpResponse.error());
      expect(error).toBeInstanceOf(SourceUnavailable);
      expect(error.message).toMatch(new RegExp(`^${subject.source}: connection failed`));
      expect(vendor.requests).toHaveLength(3);
    });
  });

  describe('rate limits', () => {
    it.each(rateLimits.waited.map((c) => [c.what, c] as const))('waits out %s within the deadline, then reads the answer', async (_what, limited) => {
      const read = limited.read ?? failures.read;
      vendor.use(read.on(() => HttpResponse.json(read.ok() as Record<string, unknown>)));
      const answered = (await read.run(connector)).map((r) => r.provenance.recordId);
      vendor.forget();
      vendor.use(read.on(inTurn(limited.answer, () => HttpResponse.json(read.ok() as Record<string, unknown>))));
      expect((await read.run(connector, { deadline: Date.now() + ROOMY_MS })).map((r) => r.provenance.recordId)).toEqual(answered);
      expect(vendor.requests).toHaveLength(2);
    });

    it.each(rateLimits.beyond.map((c) => [c.what, c] as const))('surfaces %s as SourceRateLimited once the deadline or the attempts run out, with the wait asked for', async (_what, limited) => {
      const error = await failure(limited.read ?? failures.read, limited.answer, limited.deadlineMs);
      expect(error).toBeInstanceOf(SourceRateLimited);
      const wait = (error as SourceRateLimited).retryAfterMs;
      if (limited.retryAfterMs === null) expect(wait).toBeUndefined();
      else if (typeof limited.retryAfterMs === 'number') expect(wait).toBe(limited.retryAfterMs);
      else expect(wait).toBeGreaterThan(limited.retryAfterMs.above);
      if (limited.message !== undefined) expect(error.message).toMatch(limited.message);
      expect(vendor.requests).toHaveLength(limited.attempts);
    });

    it('reports every attempt to onCall with the source, method, path, status and attempt number, never the token', async () => {
      const [limited] = rateLimits.waited;
      if (!limited) throw new Error('the subject names no rate limit to wait out');
      const read = limited.read ?? failures.read;
      const statuses: number[] = [];
      const answer = inTurn(limited.answer, () => HttpResponse.json(read.ok() as Record<string, unknown>));
      vendor.use(read.on(async (request) => {
        const response = await answer(request);
        statuses.push(response.status);
        return response;
      }));
      events.length = 0;
      await read.run(connector, { deadline: Date.now() + ROOMY_MS });
      const { method, path } = read.wire;
      expect(events.map((e) => [e.source, e.method, e.path, e.status, e.attempt])).toEqual(statuses.map((status, i) => [subject.source, method, path, status, i + 1]));
      expect(statuses).toHaveLength(2);
      expect(JSON.stringify(events)).not.toContain(subject.mock.token);
    });
  });
}
