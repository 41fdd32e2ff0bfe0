import type { Queryable } from '@tributary/db';

/** Jobs whose highest shown percent this process remembers; old entries go first. */
const MAX_REMEMBERED = 10_000;

/**
 * The highest percent shown for each unfinished job, so a job's percent never goes backwards
 * when its estimate grows (invariant 8). Kept in this process, which sees every value it
 * serves even when two snapshots of a job are computed at once, and raised in the job row
 * (`percent_floor`, GREATEST) so other API processes and restarts start from it. Written only
 * when the percent rises: at most once per 0.1 % per job.
 */
export class PercentFloors {
  private readonly shown = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  /** The percent to show: never below what was shown before; raises the stored floor. */
  async hold(job: { id: string; percentFloor: number }, percent: number): Promise<number> {
    const floor = Math.max(job.percentFloor, this.shown.get(job.id) ?? 0);
    if (percent <= floor) return floor;
    this.remember(job.id, percent);
    job.percentFloor = percent;
    await this.db.query(
      'UPDATE sync_jobs SET percent_floor = GREATEST(percent_floor, $2) WHERE id = $1',
      [job.id, percent],
    );
    return percent;
  }

  /** A finished job's floor is in its row; this process need not remember it. */
  forget(jobId: string): void {
    this.shown.delete(jobId);
  }

  private remember(jobId: string, percent: number) {
    this.shown.delete(jobId);
    this.shown.set(jobId, percent);
    if (this.shown.size > MAX_REMEMBERED) {
      const oldest = this.shown.keys().next().value;
      if (oldest !== undefined) this.shown.delete(oldest);
    }
  }
}
