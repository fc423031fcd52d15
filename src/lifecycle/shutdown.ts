/** Something started that must be stopped. */
export type Stop = () => Promise<void> | void;

/** The resources a process started, stopped in reverse order of their start, once. */
export interface Shutdown {
  /** Registers what stops a resource just started; returns the resource's value for chaining. */
  defer<T>(value: T, stop: Stop): T;
  /** Stops everything registered, last started first; every stop runs even when one fails, and the first failure is thrown. */
  close(): Promise<void>;
}

/**
 * Creates an ordered shutdown. A composition root registers each resource as it starts, so a failed start-up and a
 * normal stop release the same things in the same (reverse) order, written once.
 */
export function createShutdown(): Shutdown {
  const stops: Stop[] = [];
  let closing: Promise<void> | null = null;
  return {
    defer(value, stop) {
      if (closing) throw new Error('shutdown: cannot register after close()');
      stops.push(stop);
      return value;
    },
    close() {
      closing ??= (async () => {
        let failure: unknown;
        for (const stop of stops.reverse()) {
          try {
            await stop();
          } catch (error) {
            failure ??= error;
          }
        }
        if (failure !== undefined) throw failure;
      })();
      return closing;
    },
  };
}
