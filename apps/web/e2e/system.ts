import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The whole product as `pnpm start` runs it, on fresh data, and the lines it printed. */
export type RunningSystem = {
  dashboardUrl: string;
  graphqlUrl: string;
  sandboxUrl: string;
  apiKey: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
};

const repoRoot = resolve(import.meta.dirname, '../../..');

const LINES = {
  dashboardUrl: /^Dashboard\s+(\S+)/m,
  graphqlUrl: /^GraphQL\s+(\S+)/m,
  sandboxUrl: /^Sandbox\s+(\S+)/m,
  apiKey: /^API key\s+(\S+)/m,
} as const;

/**
 * Spawns `node --import tsx scripts/start.ts` with a fresh TRIBUTARY_DATA_DIR and PORT=0,
 * resolves once it has printed every start-up line, and stops it with SIGTERM.
 */
export async function startSystem(
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunningSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRIBUTARY_DATA_DIR: dataDir,
    PORT: '0',
    SANDBOX_PORT: '0',
    ...options.env,
  };
  // The system under test brings its own embedded database.
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const stop = async () => {
    await kill(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const lines = await waitForLines(child, () => output, options.timeoutMs ?? 150_000);
    return { ...lines, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parse(text: string): Omit<RunningSystem, 'output' | 'stop'> | null {
  const found: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(LINES)) {
    const match = pattern.exec(text);
    if (!match) return null;
    found[name] = match[1]!;
  }
  return found as Omit<RunningSystem, 'output' | 'stop'>;
}

function waitForLines(child: ChildProcess, output: () => string, timeoutMs: number) {
  return new Promise<Omit<RunningSystem, 'output' | 'stop'>>((done, fail) => {
    const check = () => {
      const lines = parse(output());
      if (!lines) return;
      cleanup();
      done(lines);
    };
    const onExit = (code: number | null) => {
      cleanup();
      fail(new Error(`start script exited (code ${code}) before printing its URLs:\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(
        new Error(`start script did not print all its URLs in ${timeoutMs / 1000}s:\n${output()}`),
      );
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(forced);
}
