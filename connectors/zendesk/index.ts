/** The Zendesk Support connector (support desk, source SUPPORT) and its sandbox. */
export { createZendeskConnector, type ZendeskConnector } from './connector.js';
export { resolveZendeskConfig, zendeskSettings, type ZendeskConfig, type ZendeskTarget } from './config.js';
export { ZENDESK_SANDBOX_CREDENTIALS } from './auth.js';
export { createZendeskSandbox, type ZendeskSandboxOptions } from './sandbox/index.js';
export { isZendeskId } from './limits.js';
