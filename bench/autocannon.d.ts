// autocannon ships no types and the project adds no dependencies: the part of its API the bench uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** One request template; `setupRequest` rebuilds it before every send. */
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    setupRequest?(request: AutocannonRequest, context: Record<string, unknown>): AutocannonRequest | null;
    onResponse?(status: number, body: string, context: Record<string, unknown>, headers?: Record<string, string>): void;
  }

  /** The options the bench passes. */
  export interface AutocannonOptions {
    url: string;
    connections: number;
    duration: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
  }

  /** Percentile summary of one histogram. */
  export interface Histogram {
    average: number;
    mean: number;
    max: number;
    total: number;
    sent?: number;
  }

  /** The aggregate autocannon resolves with. */
  export interface AutocannonResult {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    requests: Histogram;
    latency: Histogram;
  }

  /** A running load: an emitter ('response' carries each latency in ms) that is also a promise. */
  export interface Instance extends EventEmitter, PromiseLike<AutocannonResult> {
    stop(): void;
  }

  export default function autocannon(options: AutocannonOptions): Instance;
}
