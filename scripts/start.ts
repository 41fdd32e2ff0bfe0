/**
 * The README's start command: embedded PostgreSQL (unless DATABASE_URL is set), migrations,
 * then the API and worker as child processes; prints where to open things once all answer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ConfigError, findFreePort, isPortInUse, openDatabase, runMigrations } from '@tributary/db';

const root = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

async function main() {
  const apiPort = await choosePort('PORT', 4000);
  const database = await openDatabase();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) => new Promise((done) => (c.exitCode !== null ? done(null) : c.once('exit', done))),
      ),
    );
    await database.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await runMigrations(database.url);
  const env = { ...process.env, DATABASE_URL: database.url, PORT: String(apiPort) };
  for (const [name, entry] of [
    ['api', 'apps/api/src/main.ts'],
    ['worker', 'apps/worker/src/main.ts'],
  ] as const) {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, entry)], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${name} exited (code ${code}); stopping`);
        void stop(1);
      }
    });
    children.push(child);
  }
  await waitFor(`http://127.0.0.1:${apiPort}/health`);
  console.log(`Dashboard  http://127.0.0.1:${apiPort}/`);
  console.log(`GraphQL    http://127.0.0.1:${apiPort}/graphql`);
  console.log(`Database   ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}`);
}

async function choosePort(variable: string, fallback: number): Promise<number> {
  const raw = process.env[variable];
  if (raw === undefined) return (await isPortInUse(fallback)) ? findFreePort() : fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`${variable}=${raw} is not a port number (1–65535)`);
  }
  if (await isPortInUse(port))
    throw new ConfigError(`Port ${port} is in use; set ${variable} to a free port`);
  return port;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

main().catch((error: unknown) => {
  for (const child of children) child.kill('SIGTERM');
  if (error instanceof ConfigError) {
    console.error(`tributary: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
