import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookNotification } from './webhook-types.js';

/** Where webhooks go and the secret that signs them. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** How hard a sandbox tries to deliver. */
export interface DeliveryOptions {
  /** Upper bound of one attempt (default 2000 ms). */
  timeoutMs?: number;
  /** Attempts per notification, the first included (default 3: one try and two retries). */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one (default 200 ms). */
  backoffMs?: number;
}

/** What happened to one notification: `GET /__sandbox/webhooks` lists the most recent ones. */
export interface DeliveryRecord {
  seq: number;
  eventIds: string[];
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt, or null when it got no answer. */
  lastStatus: number | null;
}

const KEPT = 100;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a notification URL is http(s) on the loopback interface: sandboxes never send data off the machine. */
export function isLoopbackUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname));
  } catch {
    return false;
  }
}

/**
 * Sends notifications one after another, off the request that caused them: each attempt is bounded by a
 * timeout, a non-2xx answer or a network error is retried with back-off, and closing aborts what is in flight.
 */
export function createDeliverer({ timeoutMs = 2000, attempts = 3, backoffMs = 200 }: DeliveryOptions = {}) {
  const closing = new AbortController();
  const records: DeliveryRecord[] = [];
  const sent = new WeakMap<WebhookNotification, number>();
  let queue: Promise<void> = Promise.resolve();
  let seq = 0;

  async function deliver(notification: WebhookNotification, target: WebhookTarget, record: DeliveryRecord): Promise<void> {
    for (let attempt = 0; attempt < attempts && !closing.signal.aborted; attempt += 1) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1), undefined, { signal: closing.signal }).catch(() => undefined);
      if (closing.signal.aborted || !isLoopbackUrl(target.url)) break;
      const number = sent.get(notification) ?? 0;
      sent.set(notification, number + 1);
      const body = notification.body(number);
      const headers = { 'content-type': 'application/json', ...notification.headers({ url: target.url, secret: target.secret, body, now: Date.now() }) };
      record.attempts += 1;
      try {
        const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]);
        const response = await fetch(target.url, { method: 'POST', body, headers, signal, redirect: 'manual' });
        await response.arrayBuffer().catch(() => undefined);
        record.lastStatus = response.status;
        if (response.ok) {
          record.state = 'delivered';
          return;
        }
      } catch {
        record.lastStatus = null;
      }
    }
    record.state = 'failed';
  }

  return {
    /** Queues a notification for delivery to `target`; returns at once. */
    send(notification: WebhookNotification, target: WebhookTarget): DeliveryRecord {
      const record: DeliveryRecord = { seq: (seq += 1), eventIds: notification.eventIds, state: 'pending', attempts: 0, lastStatus: null };
      records.push(record);
      if (records.length > KEPT) records.shift();
      queue = queue.then(() => deliver(notification, target, record)).catch(() => undefined);
      return record;
    },
    /** The most recent deliveries, oldest first. */
    records: (): readonly DeliveryRecord[] => records,
    /** Aborts delivery in flight and drops what is queued. */
    close(): void {
      closing.abort();
    },
  };
}
