import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withBuildLock } from './build-lock.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('withBuildLock', () => {
  it('runs builds one at a time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-lock-'));
    const steps: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((done) => (releaseFirst = done));
    const first = withBuildLock(dir, async () => {
      steps.push('first in');
      await firstHolds;
      steps.push('first out');
    });
    const second = withBuildLock(dir, () => void steps.push('second in'));
    // The second waits on the lock however long the first holds it.
    await new Promise((done) => setTimeout(done, 500));
    expect(steps).toEqual(['first in']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(steps).toEqual(['first in', 'first out', 'second in']);
  });

  it('takes over a lock whose holder died', async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-lock-'));
    mkdirSync(join(dir, '.build-lock'));
    // No process has this pid (above the kernel's pid_max).
    writeFileSync(join(dir, '.build-lock', 'pid'), '99999999');
    expect(await withBuildLock(dir, () => 'built')).toBe('built');
  });
});
