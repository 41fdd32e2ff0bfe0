import { readdirSync, readFileSync } from 'node:fs';
import { sysconf } from './sysconf.ts';

/**
 * CPU and memory of the processes one bench run started, read from /proc/<pid>/stat: this
 * process and its descendants only (worker processes, the embedded postmaster and its
 * backends, the sandbox, the subscriber fleet, the naive script), never another engineer's
 * postgres on the same machine. Each process is charged to the role of its nearest ancestor
 * that has one (a backend to `postgres`), everything else to `bench` (the API and the raw
 * passes run in this process).
 */
export type Role = 'bench' | 'postgres' | 'worker' | 'sandbox' | 'subscribers' | 'naive';
export const ROLES: Role[] = ['bench', 'postgres', 'worker', 'sandbox', 'subscribers', 'naive'];
export type CpuSnapshot = Record<Role, number>;

type ProcStat = { pid: number; ppid: number; command: string; cpuSeconds: number; rss: number };

const roles = new Map<number, Role>();

/** Charges `pid` and its descendants to `role` from now on. */
export function assignRole(pid: number, role: Role): void {
  roles.set(pid, role);
}

export function forgetRole(pid: number): void {
  roles.delete(pid);
}

function readStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
  const close = stat.lastIndexOf(')');
  // proc(5): after the command come state (0), ppid (1), …, utime (11), stime (12), cutime
  // (13), cstime (14), …, rss in pages (21). cutime/cstime hold reaped children (exited
  // postgres backends land in the postmaster's), so the sum over live processes misses none.
  const fields = stat.slice(close + 2).split(' ');
  const ticks = sysconf.ticksPerSecond;
  return {
    pid,
    ppid: Number(fields[1]),
    command: stat.slice(stat.indexOf('(') + 1, close),
    cpuSeconds:
      (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks,
    rss: Number(fields[21]) * sysconf.pageBytes,
  };
}

/** Every live process under (and including) this one. */
export function processTree(root = process.pid): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat);
    children.set(stat.ppid, list);
  }
  const self = all.find((stat) => stat.pid === root);
  const tree: ProcStat[] = [];
  const stack = self ? [self] : [];
  while (stack.length > 0) {
    const next = stack.pop()!;
    tree.push(next);
    stack.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** CPU seconds so far per role, over this process's tree. */
export function cpuSnapshot(): CpuSnapshot {
  const tree = processTree();
  const byPid = new Map(tree.map((stat) => [stat.pid, stat]));
  const out = Object.fromEntries(ROLES.map((role) => [role, 0])) as CpuSnapshot;
  for (const stat of tree) out[roleOf(stat, byPid)] += stat.cpuSeconds;
  return out;
}

function roleOf(stat: ProcStat, byPid: Map<number, ProcStat>): Role {
  for (let at: ProcStat | undefined = stat; at; at = byPid.get(at.ppid)) {
    const role = roles.get(at.pid);
    if (role) return role;
    if (at.pid === process.pid) break;
  }
  return 'bench';
}

/** The embedded postmaster: this process's child named `postgres`. */
export function findPostmaster(): number | undefined {
  return processTree().find((stat) => stat.ppid === process.pid && stat.command === 'postgres')
    ?.pid;
}

/** Resident memory of one process (not its children), bytes; 0 once it has exited. */
export function rssOf(pid: number): number {
  return readStat(pid)?.rss ?? 0;
}

export function cpuDelta(from: CpuSnapshot, to: CpuSnapshot): CpuSnapshot {
  return Object.fromEntries(ROLES.map((role) => [role, to[role] - from[role]])) as CpuSnapshot;
}

export function formatCpu(delta: CpuSnapshot): string {
  const parts = ROLES.filter((role) => delta[role] >= 0.005).map(
    (role) => `${role} ${delta[role].toFixed(2)}`,
  );
  const total = ROLES.reduce((sum, role) => sum + delta[role], 0);
  return `${parts.join(' + ')} = ${total.toFixed(2)} core-s`;
}
