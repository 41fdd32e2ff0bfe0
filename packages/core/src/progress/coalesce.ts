/** Whether enough time passed since the last PROGRESS event to send another. */
export function shouldEmitProgress(
  lastEmitMs: number | null,
  nowMs: number,
  minIntervalMs = 100,
): boolean {
  return lastEmitMs === null || nowMs - lastEmitMs >= minIntervalMs || nowMs < lastEmitMs;
}

/**
 * Rate-limits PROGRESS events per job (about ten a second at the default interval) so a fast
 * sync does not flood subscribers; status changes always go out and restart the interval.
 */
export class ProgressCoalescer {
  private readonly lastEmit = new Map<string, number>();
  /** Jobs with an update held back since their last emit: flush them so the last value is seen. */
  private readonly held = new Set<string>();

  constructor(private readonly minIntervalMs = 100) {}

  /** Call for each progress update; true when it should be emitted. */
  progress(jobKey: string, nowMs: number): boolean {
    if (!shouldEmitProgress(this.lastEmit.get(jobKey) ?? null, nowMs, this.minIntervalMs)) {
      this.held.add(jobKey);
      return false;
    }
    this.lastEmit.set(jobKey, nowMs);
    this.held.delete(jobKey);
    return true;
  }

  /**
   * Jobs whose latest update was held back and may now go out (call from a timer every
   * interval): without this, the last update before a pause would never be seen.
   */
  due(nowMs: number): string[] {
    const due: string[] = [];
    for (const jobKey of this.held) {
      if (shouldEmitProgress(this.lastEmit.get(jobKey) ?? null, nowMs, this.minIntervalMs)) {
        this.lastEmit.set(jobKey, nowMs);
        this.held.delete(jobKey);
        due.push(jobKey);
      }
    }
    return due;
  }

  /** A status change always emits (and carries the latest progress with it). */
  statusChanged(jobKey: string, nowMs: number): true {
    this.lastEmit.set(jobKey, nowMs);
    this.held.delete(jobKey);
    return true;
  }

  /** Forget a finished job. */
  forget(jobKey: string): void {
    this.lastEmit.delete(jobKey);
    this.held.delete(jobKey);
  }
}
