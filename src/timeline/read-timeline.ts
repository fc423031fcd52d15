import { isSourceError, type Page, type Source, type SourceErrorCode } from '../model/index.js';
import type { TimelineEvent, TimelinePosition } from './events.js';
import type { TimelineEventKind } from './kinds.js';
import { comparePositions, positionId } from './position.js';

/** A record read from a silo facet, reduced to what paging needs: when it was created, and its events. */
export interface TimelineRecord {
  recordId: string;
  /** Canonical ISO 8601 UTC (see `canonicalInstant`). */
  createdAt: string;
  events: TimelineEvent[];
}

/** One record's list in one silo (a customer's orders at one Shopify customer), read newest first by creation. */
export interface TimelineStream {
  source: Source;
  /** Up to `first` records created at or before `createdAtOrBefore` (all when null), newest first. */
  read(window: { first: number; createdAtOrBefore: string | null }): Promise<Page<TimelineRecord>>;
}

/** A silo whose events may be missing from a page, and why. */
export interface TimelineGap {
  source: Source;
  code: SourceErrorCode;
}

/** What one page of a timeline is read from. */
export interface TimelineQuery {
  streams: readonly TimelineStream[];
  /** Events known without paging (CRM history, consent statements): read once per page. */
  fixed: readonly TimelineEvent[];
  /** Silos already known to have failed (identity could not read them, or the history read failed). */
  gaps: readonly TimelineGap[];
  first: number;
  /** The page holds events strictly after this position. */
  after: TimelinePosition | null;
  /** Only events at or after / at or before these instants (canonical ISO). */
  since: string | null;
  until: string | null;
  kinds: ReadonlySet<TimelineEventKind>;
  /** How long after its record's creation an event may happen and still be placed right (refunds, cancellations, solves). */
  lookaheadMs: number;
  /** The first read's window per stream is one more (the page and the event after it); later reads follow `nextWindow`, up to MAX_WINDOW. */
  window: number;
}

/** One page of a timeline. */
export interface TimelinePage {
  events: TimelineEvent[];
  hasNextPage: boolean;
  gaps: TimelineGap[];
  /** How many records the page read from the silo facets (the cost the look-ahead bounds). */
  recordsRead: number;
}

/** The largest window one read of a stream asks for. */
export const MAX_WINDOW = 100;
/** A stream that answers nothing new at a window this large is taken as done (a silo ignoring its bound would need more). */
const MAX_REREAD_WINDOW = 2000;

interface StreamState {
  stream: TimelineStream;
  bound: string | null;
  window: number;
  seen: Set<string>;
  /** Creation time of the oldest record read so far. */
  oldest: string | null;
  done: boolean;
}

const ms = (instant: string) => Date.parse(instant);

/** The smallest window a stream's next read asks for, so that irregular spacing costs few extra round trips. */
const MIN_WINDOW = 10;

/**
 * The next window of a stream: where the stopping point is known, as many records as the last read's spacing says lie
 * between its oldest record and that point (plus the one read again at the bound); otherwise twice the last window.
 */
function nextWindow(window: number, read: number, newestMs: number, oldestMs: number, stop: number | null): number {
  if (stop === null || read < 2 || newestMs === oldestMs) return Math.min(window * 2, MAX_WINDOW);
  const spacing = (newestMs - oldestMs) / (read - 1);
  const needed = Math.ceil((oldestMs - stop) / spacing) + 2;
  return Math.min(Math.max(needed, MIN_WINDOW), MAX_WINDOW);
}

/**
 * Reads one page of a timeline lazily: every stream is read newest first from the page's bound (min(after, until)), a
 * window at a time (sized by the spacing of the records read so far once the stopping point is known, see
 * `nextWindow`) and all streams in parallel, until each is exhausted or the oldest record it has given was created
 * more than `lookaheadMs` before the (first + 1)-th newest event held (or before `since`): no record it has not given
 * yet can then have an event on this page, unless that event came later than the look-ahead after its record.
 * A stream that fails leaves a gap for its silo; its events read before the failure stay.
 */
export async function readTimeline(query: TimelineQuery): Promise<TimelinePage> {
  const { after, since, until, kinds, first, lookaheadMs } = query;
  const bound = [after?.at ?? null, until].filter((b): b is string => b !== null).sort()[0] ?? null;
  const wanted = (e: TimelineEvent) => kinds.has(e.kind) && (!after || comparePositions(e, after) > 0)
    && (since === null || e.at >= since) && (until === null || e.at <= until);
  const held = new Map<string, TimelineEvent>();
  const hold = (events: readonly TimelineEvent[]) => {
    for (const e of events) if (wanted(e)) held.set(positionId(e), e);
  };
  hold(query.fixed);
  const gaps = new Map<Source, TimelineGap>(query.gaps.map((g) => [g.source, g]));
  let recordsRead = 0;
  const states: StreamState[] = query.streams.map((stream) => ({ stream, bound, window: Math.max(1, Math.min(query.window + 1, MAX_WINDOW)), seen: new Set(), oldest: null, done: false }));

  const settled = (s: StreamState, threshold: string | null) => {
    if (s.done) return true;
    if (s.oldest === null) return false;
    const reach = ms(s.oldest) + lookaheadMs;
    return (threshold !== null && reach < ms(threshold)) || (since !== null && reach < ms(since));
  };

  // Where reading can stop: records created before this instant can have no event on the page. Null while unknown.
  const stopAt = (threshold: string | null): number | null => {
    const marks = [threshold === null ? null : ms(threshold) - lookaheadMs, since === null ? null : ms(since) - lookaheadMs].filter((m): m is number => m !== null);
    return marks.length === 0 ? null : Math.max(...marks);
  };

  const thresholdOf = (sorted: readonly TimelineEvent[]) => sorted[first]?.at ?? null;

  const readOnce = async (s: StreamState) => {
    let page: Page<TimelineRecord>;
    try {
      page = await s.stream.read({ first: s.window, createdAtOrBefore: s.bound });
    } catch (error) {
      if (!isSourceError(error)) throw error;
      s.done = true;
      if (!gaps.has(s.stream.source)) gaps.set(s.stream.source, { source: s.stream.source, code: error.code });
      return;
    }
    // A silo that does not apply the bound answers newer records too: they were (or will be) read from a newer bound.
    const items = page.items.filter((r) => s.bound === null || r.createdAt <= s.bound);
    const fresh = items.filter((r) => !s.seen.has(r.recordId));
    for (const r of fresh) {
      s.seen.add(r.recordId);
      hold(r.events);
    }
    recordsRead += page.items.length;
    if (page.next === null) {
      s.done = true;
      return;
    }
    if (fresh.length === 0) {
      // Nothing new under this bound: more records than the window share its instant, or the silo ignores the bound
      // and answers from its newest; either way a wider window reaches past what was read.
      s.window *= 2;
      if (s.window > MAX_REREAD_WINDOW) s.done = true;
      return;
    }
    const newest = items.reduce((n, r) => (r.createdAt > n ? r.createdAt : n), items[0]?.createdAt as string);
    s.oldest = items.reduce((o, r) => (r.createdAt < o ? r.createdAt : o), items[0]?.createdAt as string);
    s.bound = s.oldest;
    // The stopping point as the events held now place it (streams read in parallel only ever move it later).
    const stop = stopAt(thresholdOf([...held.values()].sort(comparePositions)));
    s.window = nextWindow(s.window, items.length, ms(newest), ms(s.oldest), stop);
  };

  for (;;) {
    const sorted = [...held.values()].sort(comparePositions);
    const threshold = thresholdOf(sorted);
    const open = states.filter((s) => !settled(s, threshold));
    if (open.length === 0) {
      return { events: sorted.slice(0, first), hasNextPage: sorted.length > first, gaps: [...gaps.values()], recordsRead };
    }
    await Promise.all(open.map(readOnce));
  }
}
