import { startStack } from './app.js';

// `npm start`: the gateway and any sandbox silos it needs, announced one per line.
try {
  const stack = await startStack();
  console.log(`GraphQL: ${stack.url}/graphql`);
  console.log(`Explorer: ${stack.url}/`);
  for (const [system, sandbox] of stack.sandboxes) console.log(`sandbox ${system}: ${sandbox.url}`);
  // Demo mode only: tokens signed with a secret generated for this run, never a configured one.
  for (const [role, token] of stack.demoTokens ?? []) console.log(`token ${role}: ${token}`);
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
