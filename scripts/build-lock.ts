import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `build` while holding `<dir>/.build-lock`, so start commands launched together (the
 * browser tests start several on a fresh checkout) build the dashboard and the bundles one at
 * a time: the later ones then find them fresh instead of emptying `dist/` under a running
 * server. A lock left by a process that died is taken over.
 */
export async function withBuildLock<T>(dir: string, build: () => Promise<T> | T): Promise<T> {
  const lock = join(dir, '.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return true; // just created: its pid file is being written
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
