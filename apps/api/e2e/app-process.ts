import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../../..');

export type AppProcess = {
  child: ChildProcess;
  /** The first JSON log line whose `msg` is `message` (the process's "I am ready" line). */
  ready: Promise<Record<string, unknown>>;
  /** Everything it wrote to stderr and its non-JSON stdout, for failure messages. */
  output: string[];
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves on exit. */
  stop(graceMs?: number): Promise<number | null>;
};

/**
 * Runs an app entry (`apps/api/src/main.ts`, `apps/worker/src/main.ts`) as its own Node
 * process, exactly as the start script does, and reads its pino log from stdout.
 */
export function startAppProcess(
  entry: string,
  env: Record<string, string>,
  readyMessage: string,
): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ready = new Promise<Record<string, unknown>>((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let log: Record<string, unknown> | null = null;
      try {
        log = JSON.parse(line) as Record<string, unknown>;
      } catch {
        output.push(line);
      }
      if (log?.msg === readyMessage) done(log);
    });
    void exited.then((code) =>
      fail(
        new Error(`${entry} exited (code ${code}) before "${readyMessage}":\n${output.join('')}`),
      ),
    );
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    output,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
