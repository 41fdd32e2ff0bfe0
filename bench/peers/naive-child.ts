import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunEnv } from '../harness/bench-system.ts';
import { assignRole, forgetRole } from '../harness/process-tree.ts';

/** Runs bench/baseline/naive-script.ts in its own process against the run's database. */
export async function runNaiveScript(
  run: RunEnv,
  accountId: string,
): Promise<{ records: number; ms: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../baseline/naive-script.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: run.databaseUrl,
        GRAPH_URL: run.sandbox.providers.FACEBOOK_ADS,
        ACCOUNT: accountId,
        TOKEN: 'bench-token',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  assignRole(child.pid!, 'naive');
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  forgetRole(child.pid!);
  if (code !== 0) throw new Error(`naive script exited ${code}: ${err.slice(-2000)}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { records: number; ms: number };
}
