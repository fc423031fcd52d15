import { GatewayStalled } from '../model/index.js';

// Errors the gateway caused itself, kept beside the error vocabulary because they decide how an error is shown.
const gatewaySide = new WeakSet<Error>();
const unsent = new WeakSet<Error>();

/** Marks a silo error as caused by the gateway (its own queues, deadlines, a cancelled caller): it must not open a circuit. */
export function blameGateway<E extends Error>(error: E): E {
  gatewaySide.add(error);
  return error;
}

/**
 * Marks a silo error as the gateway's refusal to call the silo at all (its queue for the silo was full, no slot came
 * in time, the request's time was gone): blamed on the gateway, and answered as OVERLOADED, naming no silo.
 */
export function shedByGateway<E extends Error>(error: E): E {
  unsent.add(error);
  return blameGateway(error);
}

/** Determines if an error is the gateway's own: marked by `blameGateway` (or `shedByGateway`), or a `GatewayStalled` timeout. */
export function isBlamedOnGateway(error: unknown): boolean {
  return error instanceof GatewayStalled || (error instanceof Error && gatewaySide.has(error));
}

/** Determines if an error was marked by `shedByGateway`: the silo was never asked. */
export function isShedByGateway(error: unknown): boolean {
  return error instanceof Error && unsent.has(error);
}
