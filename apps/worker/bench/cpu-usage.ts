import { readdirSync, readFileSync } from 'node:fs';

export type CpuSnapshot = { postgres: number; worker: number; sandbox: number };

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds used so far by PostgreSQL (every `postgres` process), this process (the worker
 * and the bench) and the sandbox process, from /proc. Exited processes' time is not counted
 * (the bench's pools keep their connections for the whole run).
 */
export function cpuSnapshot(sandboxPid: number): CpuSnapshot {
  const out: CpuSnapshot = { postgres: 0, worker: 0, sandbox: 0 };
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields after the command: state is 0, utime 11, stime 12.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const pid = Number(name);
    if (command === 'postgres') out.postgres += seconds;
    else if (pid === process.pid) out.worker += seconds;
    else if (pid === sandboxPid) out.sandbox += seconds;
  }
  return out;
}

export function formatCpu(from: CpuSnapshot, to: CpuSnapshot): string {
  const postgres = to.postgres - from.postgres;
  const worker = to.worker - from.worker;
  const sandbox = to.sandbox - from.sandbox;
  return `postgres ${postgres.toFixed(2)} + worker ${worker.toFixed(2)} + sandbox ${sandbox.toFixed(2)} = ${(postgres + worker + sandbox).toFixed(2)}`;
}
