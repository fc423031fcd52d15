import type { FastifyReply } from 'fastify';

// A record is rendered in few views (the property lists clients ask for); past this many, its texts start afresh.
const VIEWS_PER_RECORD = 8;

/**
 * The JSON text of records as a view renders them, kept per record until its owner says the record changed: long
 * pages and batched searches repeat the same records, and rendering and serialising them again is most of such an
 * answer's cost. Like a `RecordIndex`, it is kept right by its owner, which calls `forget` on every write to a
 * record (change, delete) before the record is read again.
 */
export class SerialisedRecords<T extends object> {
  private readonly texts = new WeakMap<T, Map<string, string>>();

  /** `render(record)` as JSON text; `view` names everything besides the record that the rendering depends on. */
  text(record: T, view: string, render: (record: T) => unknown): string {
    let byView = this.texts.get(record);
    if (!byView) this.texts.set(record, (byView = new Map()));
    let text = byView.get(view);
    if (text === undefined) {
      if (byView.size >= VIEWS_PER_RECORD) byView.clear();
      byView.set(view, (text = JSON.stringify(render(record))));
    }
    return text;
  }

  /** Drops a record's texts: its next read renders it afresh. */
  forget(record: T): void {
    this.texts.delete(record);
  }
}

/** A JSON array's text from its elements' texts, as `JSON.stringify` writes it. */
export const jsonArray = (texts: readonly string[]): string => `[${texts.join(',')}]`;

/** An object's JSON text with more members after its own, as spreading them after it writes it. */
export function withMembers(text: string, members: Record<string, unknown>): string {
  let tail = '';
  for (const [name, value] of Object.entries(members)) if (value !== undefined) tail += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  return tail === '' ? text : text === '{}' ? `{${tail.slice(1)}}` : `${text.slice(0, -1)}${tail}}`;
}

/**
 * Sends a body assembled from JSON texts, with the content type Fastify gives a serialised object, so the bytes
 * equal those of sending the object itself.
 */
export function sendJsonText(reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(text);
}
