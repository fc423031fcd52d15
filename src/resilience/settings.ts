/** The validated resilience settings, named as in the environment; src/config reads them once (`resilienceSettings`). */
export type { ResilienceSettings } from '../config/index.js';
