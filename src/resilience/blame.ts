const gatewaySide = new WeakSet<Error>();

/** Marks a silo error as caused by the gateway (its own shedding, a cancelled caller): it must not open a circuit. */
export function blameGateway<E extends Error>(error: E): E {
  gatewaySide.add(error);
  return error;
}

/** Determines if an error was marked by `blameGateway`. */
export function isBlamedOnGateway(error: unknown): boolean {
  return error instanceof Error && gatewaySide.has(error);
}
