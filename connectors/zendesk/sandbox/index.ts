/** The Zendesk Support sandbox: the imitation API the connector's tests and `npm run sandbox` serve. */
export { createZendeskSandbox, type ZendeskSandboxOptions } from './sandbox.js';
export { firstReplyMinutesOf } from './ticket-metrics.js';
