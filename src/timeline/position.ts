import { SOURCES, type Source } from '../model/index.js';
import { TimelineCursorInvalid } from '../errors/index.js';
import type { TimelinePosition } from './events.js';
import { isTimelineEventKind, TIMELINE_EVENT_KINDS } from './kinds.js';

const KIND_RANK = new Map(TIMELINE_EVENT_KINDS.map((kind, i) => [kind, i]));
const SOURCE_RANK = new Map(SOURCES.map((source, i) => [source, i]));

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The timeline's order: newest first by each event's own time, and at one instant by kind, source, record id and
 * key, so that every event has exactly one place. Negative when `a` comes before `b`.
 */
export function comparePositions(a: TimelinePosition, b: TimelinePosition): number {
  return compareText(b.at, a.at)
    || (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0)
    || (SOURCE_RANK.get(a.source) ?? 0) - (SOURCE_RANK.get(b.source) ?? 0)
    || compareText(a.recordId, b.recordId)
    || compareText(a.key, b.key);
}

/** One string per position, for de-duplicating events read twice. */
export const positionId = (p: TimelinePosition) => JSON.stringify([p.at, p.kind, p.source, p.recordId, p.key]);

/** The cursor after an event: base64url JSON of its position, opaque to clients. */
export function encodeTimelineCursor(p: TimelinePosition): string {
  return Buffer.from(JSON.stringify({ at: p.at, kind: p.kind, source: p.source, recordId: p.recordId, key: p.key }), 'utf8').toString('base64url');
}

const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const isSource = (value: unknown): value is Source => typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

/** Decodes a timeline cursor, or throws TIMELINE_CURSOR_INVALID naming the argument (never echoing the cursor). */
export function decodeTimelineCursor(argument: string, cursor: string): TimelinePosition {
  const refuse = (why: string) => new TimelineCursorInvalid(argument, `is not a cursor returned by this timeline (${why})`);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw refuse('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('not an object');
  const { at, kind, source, recordId, key } = value as Record<string, unknown>;
  if (!isText(at, 40) || !Number.isFinite(Date.parse(at)) || new Date(Date.parse(at)).toISOString() !== at) throw refuse('no event time');
  if (!isTimelineEventKind(kind)) throw refuse('no event kind');
  if (!isSource(source)) throw refuse('no source');
  if (!isText(recordId, 512) || recordId.length === 0) throw refuse('no record id');
  if (!isText(key, 512)) throw refuse('no key');
  return { at, kind, source, recordId, key };
}
