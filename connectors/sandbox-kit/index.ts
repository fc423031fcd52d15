/** The sandbox kit: the deterministic world generator and the server every vendor sandbox runs in. */
export { generateWorld, type WorldOptions } from './generate-world.js';
export { startSandbox, type RunningSandbox, type SandboxDefinition, type SandboxOptions, type VendorAnswer } from './server.js';
export { faultsSchema, decideFault, delayFor, type Faults } from './faults.js';
export { truthOf } from './truth.js';
export type * from './world-types.js';
