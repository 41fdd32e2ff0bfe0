import { execFileSync } from 'node:child_process';

/** Kernel constants /proc figures are expressed in (USER_HZ and the page size), read once. */
function getconf(name: string, fallback: number): number {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
}

export const sysconf = {
  ticksPerSecond: getconf('CLK_TCK', 100),
  pageBytes: getconf('PAGESIZE', 4096),
};
