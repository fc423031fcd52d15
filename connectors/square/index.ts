/** The Square (POS) connector: customers and point-of-sale orders, plus the sandbox that imitates Square's API. */
export { createSquareConnector, type SquareConnector } from './connector.js';
export { squareConfigFromEnv, type SquareConfig } from './config.js';
export { createSquareSandbox, SQUARE_SANDBOX_CREDENTIALS } from './sandbox/index.js';
