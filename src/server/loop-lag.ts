/** How late the gateway's event loop runs: what the admission gate reads to tell a CPU-starved gateway. */
export interface LoopLag {
  /** How late, in ms, the loop ran its last look (0 when on time), or is running now if it is later still. */
  lagMs(): number;
  stop(): void;
}

/**
 * Creates a probe of the event loop's lag: a timer every `intervalMs` that notes how late it ran. Our own rather than
 * `perf_hooks.monitorEventLoopDelay`, whose histogram says how late the loop ran over a window someone must reset,
 * not how late it runs now; the timer is unref'd, so the probe never keeps a process alive.
 */
export function createLoopLagProbe(intervalMs = 50): LoopLag {
  let last = performance.now();
  let lastLagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lastLagMs = Math.max(0, now - last - intervalMs);
    last = now;
  }, intervalMs);
  timer.unref();
  return {
    lagMs: () => Math.max(lastLagMs, performance.now() - last - intervalMs),
    stop: () => clearInterval(timer),
  };
}
