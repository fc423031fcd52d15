import { CircuitState, type IBreaker } from 'cockatiel';

/** When a failure-rate breaker opens. */
export interface FailureRateOptions {
  /** Share of the window's calls that must fail (more than it) to open, in (0, 1). */
  threshold: number;
  /** The sliding window. */
  windowMs: number;
  /** Calls the window must hold before it can open. */
  minCalls: number;
  now?: () => number;
}

interface Slot {
  start: number;
  ok: number;
  failed: number;
}

// The window is kept as this many slots; a slot older than the window is dropped as a whole.
const SLOTS = 10;

/**
 * A cockatiel breaker that opens when more than `threshold` of at least `minCalls` calls in the last `windowMs`
 * failed. Cockatiel's own SamplingBreaker advances one slot per call, so after a quiet spell (every call hanging
 * until its timeout) it still counts successes from long ago and opens late; here every expired slot is dropped.
 */
export class FailureRateBreaker implements IBreaker {
  private slots: Slot[] = [];
  private readonly slotMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FailureRateOptions) {
    if (!(options.threshold > 0 && options.threshold < 1)) throw new RangeError(`threshold must be in (0, 1): ${options.threshold}`);
    this.slotMs = Math.max(1, Math.ceil(options.windowMs / SLOTS));
    this.now = options.now ?? Date.now;
  }

  /** The live slots, for cockatiel's `toJSON`. */
  get state(): unknown {
    return { slots: this.slots };
  }

  set state(value: unknown) {
    this.slots = (value as { slots?: Slot[] } | undefined)?.slots ?? [];
  }

  /** Counts a success; a successful half-open probe starts a fresh window. */
  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) this.slots = [];
    this.current().ok += 1;
  }

  /** Counts a failure and says whether the circuit should open (a failed probe always re-opens it). */
  failure(state: CircuitState): boolean {
    this.current().failed += 1;
    if (state !== CircuitState.Closed) return true;
    let ok = 0;
    let failed = 0;
    for (const slot of this.slots) {
      ok += slot.ok;
      failed += slot.failed;
    }
    return ok + failed >= this.options.minCalls && failed > this.options.threshold * (ok + failed);
  }

  private current(): Slot {
    const now = this.now();
    const start = now - (now % this.slotMs);
    this.slots = this.slots.filter((slot) => slot.start > now - this.options.windowMs);
    let slot = this.slots[this.slots.length - 1];
    if (!slot || slot.start !== start) {
      slot = { start, ok: 0, failed: 0 };
      this.slots.push(slot);
    }
    return slot;
  }
}
