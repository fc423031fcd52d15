import { crawlCursors } from './inputs.js';
import { postGraphql } from './load.js';
import type { BenchOptions } from './options.js';
import type { Scenario } from './scenarios.js';
import { startGateway, type Sandboxes } from './stack.js';

// Inputs are not measurements: the preparing gateway gets a deadline long enough that a slow BI page
// still yields its cursor.
const PREPARE_DEADLINE_MS = 120_000;

/** BI page positions (`after` of each page reached) for one server, and why its crawl stopped early, if it did. */
export interface BiPositions {
  variables: Record<string, unknown>[];
  note: string | null;
}

/** Crawls `customers` through a server for `pages` positions; each server has cursors of its own. */
export async function crawlPositions(o: { graphqlUrl: string; bi: Scenario; token(): string; pages: number; who: string; say(line: string): void }): Promise<BiPositions> {
  const started = Date.now();
  const crawl = await crawlCursors((v) => postGraphql(o.graphqlUrl, o.token(), o.bi.query, v), o.pages);
  o.say(`bench: ${o.who} BI crawl: ${crawl.afters.length} page positions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    variables: crawl.afters.map((after) => ({ after })),
    note: crawl.stoppedBy ? `${o.who} BI crawl stopped after ${crawl.afters.length} positions: ${crawl.stoppedBy}` : null,
  };
}

/** Starts a gateway just for the crawl (cache off, long deadline), crawls the BI positions and stops it. */
export async function prepareGatewayPositions(o: {
  options: BenchOptions;
  bi: Scenario;
  sandboxes: Sandboxes;
  token(): string;
  jwtSecret: string;
  gatewaySecret: string;
  say(line: string): void;
}): Promise<BiPositions> {
  const gateway = await startGateway({
    sandboxes: o.sandboxes, mode: 'cold', jwtSecret: o.jwtSecret, gatewaySecret: o.gatewaySecret, deadlineMs: PREPARE_DEADLINE_MS, profileDir: null,
    vendorLimits: o.options.vendorLimits,
  });
  try {
    return await crawlPositions({ graphqlUrl: gateway.graphqlUrl, bi: o.bi, token: o.token, pages: o.options.biPages, who: 'gateway', say: o.say });
  } finally {
    await gateway.service.stop();
  }
}
