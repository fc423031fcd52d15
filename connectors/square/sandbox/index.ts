/** The Square sandbox: the imitation API (Customers, Orders, Payments, Locations) the tests and `npm run sandbox` serve. */
export { createSquareSandbox, type SquareSandboxOptions } from './sandbox.js';
export { SQUARE_SANDBOX_CREDENTIALS } from './credentials.js';
