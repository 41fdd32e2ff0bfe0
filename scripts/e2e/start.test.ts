import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPool, startEmbeddedPostgres } from '@tributary/db';
import { afterAll, describe, expect, it } from 'vitest';

const entry = resolve(import.meta.dirname, '../start.ts');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
  dirs.push(dir);
  return dir;
}

type Run = {
  child: ChildProcess;
  output: () => string;
  lines: Promise<Record<string, string>>;
  exited: Promise<number | null>;
  /** Resolves once the output matches `pattern` (rejects if the command exits first). */
  printed(pattern: RegExp): Promise<string>;
};

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const lines = new Promise<Record<string, string>>((done, fail) => {
    const check = () => {
      const found = Object.fromEntries(
        [...out.matchAll(/^(Dashboard|GraphQL|Sandbox|API key) +(\S+)$/gm)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      if (Object.keys(found).length === 4) done(found);
    };
    child.stdout?.on('data', check);
    void exited.then((code) =>
      fail(new Error(`start exited (${code}) before printing its URLs:\n${out}`)),
    );
  });
  lines.catch(() => {});
  const printed = (pattern: RegExp) =>
    new Promise<string>((done, fail) => {
      const check = () => {
        const match = out.match(pattern);
        if (match) {
          child.stdout?.off('data', check);
          child.stderr?.off('data', check);
          done(match[0]);
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      check();
      void exited.then((code) =>
        fail(new Error(`start exited (${code}) before ${pattern}:\n${out}`)),
      );
    });
  return { child, output: () => out, lines, exited, printed };
}

/** Live processes whose parent is `parentPid` and whose command line mentions `needle`. */
function childProcesses(parentPid: number, needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === parentPid && cmdline.includes(needle)) found.push(Number(entry));
    } catch {} // exited while we looked
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when `check` holds, re-checking every 100 ms (processes have no event to await). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function stop(run: Run) {
  run.child.kill('SIGTERM');
  return run.exited;
}

/** The one line a bad configuration prints (ignoring the package manager's own lines). */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('tributary:'));
}

describe('the start command', () => {
  it('starts everything, and a second start reuses the embedded data', async () => {
    const dir = await dataDir();
    const first = start({ TRIBUTARY_DATA_DIR: dir });
    const printed = await first.lines;
    expect(printed.Dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=trb_/);
    const health = await fetch(new URL('/health', printed.GraphQL));
    expect(health.status).toBe(200);
    expect(await stop(first)).toBe(0);

    const second = start({ TRIBUTARY_DATA_DIR: dir });
    const again = await second.lines;
    // Same cluster, same demo workspace: the demo key printed again still works.
    expect(again['API key']).toBe(printed['API key']);
    const response = await fetch(again.GraphQL!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${again['API key']}` },
      body: JSON.stringify({
        query: '{ connections(first: 10) { edges { node { externalAccountId } } } }',
      }),
    });
    const body = (await response.json()) as { data: { connections: { edges: unknown[] } } };
    expect(body.data.connections.edges).toHaveLength(3);
    expect(await stop(second)).toBe(0);
  }, 120_000);

  it('restarts a SIGKILLed worker and a SIGKILLed embedded database, and exits on one SIGTERM', async () => {
    const dir = await dataDir();
    const run = start({ TRIBUTARY_DATA_DIR: dir });
    // A failed expectation must not leave the command (and its children) running.
    const leftovers: number[] = [];
    try {
      const printed = await run.lines;
      const startPid = run.child.pid!;
      const [worker] = childProcesses(startPid, 'apps/worker/dist/main.js');
      expect(worker).toBeDefined();
      process.kill(worker!, 'SIGKILL');
      await run.printed(/the worker process exited \(signal SIGKILL\); restarting it in 1 s/);
      await until(
        () => childProcesses(startPid, 'apps/worker/dist/main.js').some((pid) => pid !== worker),
        'a new worker process',
      );

      const postmaster = Number(
        (await readFile(join(dir, 'pg/postmaster.pid'), 'utf8')).split('\n')[0],
      );
      process.kill(postmaster, 'SIGKILL');
      await run.printed(/the embedded database exited \(signal SIGKILL\); restarting it in 1 s/);
      await run.printed(/the embedded database is running again/);
      // The API rides the restart out: it answers ready again without being restarted.
      const ready = new URL('/ready', printed.GraphQL);
      await until(async () => (await fetch(ready).catch(() => null))?.status === 200, '/ready');
      // Only the SIGKILLed worker was ever restarted: nothing else died of the database's crash.
      expect(errorLines(run.output()).filter((line) => /process exited/.test(line))).toEqual([
        expect.stringMatching(/the worker process exited \(signal SIGKILL\)/),
      ]);

      const everything = [
        ...childProcesses(startPid, 'apps/'),
        Number((await readFile(join(dir, 'pg/postmaster.pid'), 'utf8')).split('\n')[0]),
      ];
      expect(everything.length, run.output()).toBeGreaterThanOrEqual(3);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(everything.filter(alive)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) {
        leftovers.push(...childProcesses(run.child.pid!, 'apps/'));
        try {
          leftovers.push(
            Number(readFileSync(join(dir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]),
          );
        } catch {} // the database was not running
        run.child.kill('SIGKILL');
        for (const pid of leftovers.filter(alive)) process.kill(pid, 'SIGKILL');
      }
    }
  }, 180_000);

  it('uses DATABASE_URL unchanged when set', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: await dataDir(),
      database: 'elsewhere',
      durability: 'fast',
    });
    try {
      const run = start({ DATABASE_URL: server.url, TRIBUTARY_DATA_DIR: await dataDir() });
      await run.lines;
      expect(await stop(run)).toBe(0);
      const pool = createPool(server.url, 1);
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM connections');
      await pool.end();
      expect(rows[0].n).toBe(3);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it.each([
    ['a malformed DATABASE_URL', { DATABASE_URL: 'postgres//nope' }, /DATABASE_URL/],
    // A path below a regular file can never be created (root may write anywhere else).
    ['an unwritable data directory', { TRIBUTARY_DATA_DIR: `${entry}/data` }, /not writable/],
    ['a port in use', { PORT: 'IN_USE' }, /Port \d+ is in use; set PORT/],
    ['a port that is not a number', { PORT: 'eighty' }, /PORT=eighty is not a port number/],
  ])(
    'stops on %s with one line saying what to fix',
    async (_name, env, pattern) => {
      const blocker = createServer();
      await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
      const port = (blocker.address() as { port: number }).port;
      try {
        const resolved = Object.fromEntries(
          Object.entries(env).map(([k, v]) => [k, v === 'IN_USE' ? String(port) : v]),
        );
        const run = start({ TRIBUTARY_DATA_DIR: await dataDir(), ...resolved });
        expect(await run.exited).toBe(1);
        const lines = errorLines(run.output());
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(pattern);
        expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace
      } finally {
        blocker.close();
      }
    },
    60_000,
  );
});
