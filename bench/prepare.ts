import { captureResponses, type CapturedResponses } from './baseline.js';
import { crawlCursors } from './inputs.js';
import { postGraphql } from './load.js';
import type { BenchOptions, ScenarioId } from './options.js';
import type { Scenario } from './scenarios.js';
import { startGateway, type Sandboxes } from './stack.js';

/** What the runs need before they start: every scenario's variables and the baseline's responses. */
export interface Prepared {
  captured: CapturedResponses;
  notes: string[];
}

// Inputs are not measurements: the preparing gateway gets a deadline long enough that a slow BI page
// still yields its cursor and a full response for the baseline to replay.
const PREPARE_DEADLINE_MS = 120_000;

/**
 * Starts a gateway just for preparation (cache off, long deadline), crawls the BI positions into
 * `variables` and captures one typical response per scenario for the baseline.
 */
export async function prepare(o: {
  options: BenchOptions;
  scenarios: readonly Scenario[];
  sandboxes: Sandboxes;
  variables: Map<ScenarioId, Record<string, unknown>[]>;
  nextToken(s: Scenario): string;
  jwtSecret: string;
  gatewaySecret: string;
  say(line: string): void;
}): Promise<Prepared> {
  const notes: string[] = [];
  const gateway = await startGateway({
    sandboxes: o.sandboxes, mode: 'cold', jwtSecret: o.jwtSecret, gatewaySecret: o.gatewaySecret, deadlineMs: PREPARE_DEADLINE_MS, profileDir: null,
    vendorLimits: o.options.vendorLimits,
  });
  try {
    const post = (s: Scenario, v: Record<string, unknown>) => postGraphql(gateway.graphqlUrl, o.nextToken(s), s.query, v);
    const known = new Map<string, unknown[]>();
    const bi = o.scenarios.find((s) => s.id === 'bi');
    if (bi) {
      const started = Date.now();
      const crawl = await crawlCursors((v) => post(bi, v), o.options.biPages);
      o.variables.set('bi', crawl.afters.map((after) => ({ after })));
      known.set('bi', crawl.bodies);
      o.say(`bench: BI crawl: ${crawl.afters.length} page positions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (crawl.stoppedBy) notes.push(`BI crawl stopped after ${crawl.afters.length} positions: ${crawl.stoppedBy}`);
    }
    const captured = await captureResponses(o.scenarios, (s) => o.variables.get(s.id) ?? [], post, known);
    for (const s of o.scenarios) if (!captured[s.rootField]) notes.push(`${s.title}: no error-free gateway response to replay, so no baseline`);
    return { captured, notes };
  } finally {
    await gateway.service.stop();
  }
}
