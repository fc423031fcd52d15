import type { Next, StageName, StageTiming, Step } from './silo-stage.js';

/** Told the time one call spent in one stage itself. */
export type ObserveStage = (stage: StageTiming['stage'], durationMs: number) => void;

/** A step with the stage it belongs to. */
export interface NamedStep<F> {
  stage: StageName;
  step: Step<F>;
}

/**
 * Chains the steps, first to last, in front of the connector call. With `observe`, every call reports the time it
 * spent in each step itself, its waits on the steps after it excluded, and in the connector.
 */
export function composeChain<F>(steps: readonly NamedStep<F>[], connector: Next<F>, observe?: ObserveStage): Next<F> {
  if (!observe) return steps.reduceRight<Next<F>>((next, { step }) => (call) => step(call, next), connector);
  const timed: Next<F> = async (call) => {
    const started = performance.now();
    try {
      return await connector(call);
    } finally {
      observe('connector', performance.now() - started);
    }
  };
  return steps.reduceRight<Next<F>>((next, { stage, step }) => ownTime(stage, step, next, observe), timed);
}

/** `step` in front of `next`, each call reporting the time it spent in `step` while nothing it passed on was running. */
function ownTime<F>(stage: StageName, step: Step<F>, next: Next<F>, observe: ObserveStage): Next<F> {
  return async (call) => {
    const started = performance.now();
    let waited = 0;
    let inFlight = 0;
    let since = 0;
    const timedNext: Next<F> = async (onward) => {
      if (inFlight++ === 0) since = performance.now();
      try {
        return await next(onward);
      } finally {
        if (--inFlight === 0) waited += performance.now() - since;
      }
    };
    try {
      return await step(call, timedNext);
    } finally {
      const ended = performance.now();
      // A call still running downstream when the step is done (a background refresh) is not the step's time either.
      observe(stage, ended - started - waited - (inFlight > 0 ? ended - since : 0));
    }
  };
}
