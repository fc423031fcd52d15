import { startStack } from './app.js';
import { writeToLogStream } from './logging/index.js';

// `npm start`: the gateway and any sandbox silos it needs, announced one per line.
try {
  const stack = await startStack();
  const banner = [
    `GraphQL: ${stack.url}/graphql`,
    `Explorer: ${stack.url}/`,
    ...[...stack.sandboxes].map(([system, sandbox]) => `sandbox ${system}: ${sandbox.url}`),
    // Demo mode only: tokens signed with a secret generated for this run, never a configured one.
    ...[...(stack.demoTokens ?? [])].map(([role, token]) => `token ${role}: ${token}`),
  ];
  // Through the logger's own stream, as one write queued behind its start-up lines: no log line lands inside it.
  writeToLogStream(stack.logger, `${banner.join('\n')}\n`);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stack.logger.info({ signal }, 'shutting down');
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
