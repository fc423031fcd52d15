/** The Square (POS) connector: customers and point-of-sale orders, its configuration, and the sandbox that imitates Square's API. */
export { DEFAULT_SQUARE_VERSION, SQUARE_VERSIONS } from './api-versions.js';
export { createSquareConnector, type SquareConnector } from './connector.js';
export { resolveSquareConfig, squareSettings, type SquareConfig, type SquareTarget } from './config.js';
export { createSquareSandbox, SQUARE_SANDBOX_CREDENTIALS, type SquareSandboxOptions } from './sandbox/index.js';
export { isSquareOrderId } from './limits.js';
