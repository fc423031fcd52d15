/** Process lifecycle: what a composition root started, stopped once, in reverse order. */
export { createShutdown, type Shutdown, type Stop } from './shutdown.js';
