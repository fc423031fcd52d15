import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Scenario } from './scenarios.js';
import { startService, type Service } from './processes.js';

/** A gateway response as the baseline replays it. */
export interface CapturedResponse {
  data: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** Captured responses by root field: what `bench/baseline-server.ts` serves. */
export type CapturedResponses = Record<string, CapturedResponse>;

/** The baseline server in its own process. */
export interface BaselineProcess {
  service: Service;
  graphqlUrl: string;
}

type Post = (scenario: Scenario, variables: Record<string, unknown>) => Promise<unknown>;

const CANDIDATES = 7;

function isCaptured(body: unknown, scenario: Scenario): body is CapturedResponse {
  const b = body as { data?: Record<string, unknown> | null; errors?: unknown[] };
  return !!b.data && b.data[scenario.rootField] != null && !b.errors && !scenario.isEmpty(JSON.stringify(b));
}

/**
 * Asks the gateway a few requests of each scenario (or takes answers already read, such as the BI crawl's
 * pages) and keeps the error-free answer of median size, so the baseline serves a typical response rather
 * than the first or the largest. A scenario with no error-free answer gets no baseline.
 */
export async function captureResponses(
  scenarios: readonly Scenario[],
  variables: (s: Scenario) => readonly Record<string, unknown>[],
  post: Post,
  known: ReadonlyMap<string, readonly unknown[]> = new Map(),
): Promise<CapturedResponses> {
  const captured: CapturedResponses = {};
  for (const scenario of scenarios) {
    const candidates = [...(known.get(scenario.id) ?? [])];
    for (const vars of variables(scenario).slice(0, candidates.length > 0 ? 0 : CANDIDATES)) candidates.push(await post(scenario, vars));
    const bodies = candidates.filter((body): body is CapturedResponse => isCaptured(body, scenario));
    bodies.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
    const median = bodies[Math.floor(bodies.length / 2)];
    if (median) captured[scenario.rootField] = { data: median.data, ...(median.extensions ? { extensions: median.extensions } : {}) };
  }
  return captured;
}

/** Starts `bench/baseline-server.ts` over the captured responses. */
export async function startBaseline(captured: CapturedResponses): Promise<BaselineProcess> {
  const file = join(mkdtempSync(join(tmpdir(), 'c360-baseline-')), 'captured.json');
  writeFileSync(file, JSON.stringify(captured));
  const service = await startService('baseline', 'bench/baseline-server.ts', {
    env: { PATH: process.env.PATH ?? '' },
    args: [file],
    pattern: /^baseline: (http:\/\/\S+)$/,
    count: 1,
  });
  return { service, graphqlUrl: service.announced[0]?.[1] as string };
}

/** Whether the baseline answers each scenario with exactly the JSON the gateway gave. */
export async function baselineMatches(
  scenarios: readonly Scenario[],
  variables: (s: Scenario) => readonly Record<string, unknown>[],
  captured: CapturedResponses,
  post: Post,
): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const scenario of scenarios.filter((s) => captured[s.rootField])) {
    const body = (await post(scenario, variables(scenario)[0] ?? {})) as CapturedResponse;
    out[scenario.id] = isDeepStrictEqual(body.data, captured[scenario.rootField]?.data);
  }
  return out;
}
