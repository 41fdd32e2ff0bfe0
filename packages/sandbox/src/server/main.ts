import { startSandboxServer } from './server.ts';

/** `pnpm sandbox`: the emulators on a fixed or free port until interrupted. */
const port = process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : 0;
const seed = process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined;
const sandbox = await startSandboxServer({ port, seed });
console.log(`Sandbox    ${sandbox.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
