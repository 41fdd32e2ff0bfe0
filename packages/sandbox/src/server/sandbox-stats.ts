export type Counters = {
  requests: number;
  throttled: number;
  failed: number;
  /** Most requests an account had in flight at once (the totals: the most of any account). */
  peakConcurrent: number;
};
/** Every way the sandbox misbehaved on purpose, as `faults` in `GET /__sandbox/stats` counts it. */
export type FaultKind =
  | 'server_error'
  | 'outage'
  | 'throttled'
  | 'token_expired'
  | 'timeout'
  | 'slow'
  | 'malformed'
  | 'reset'
  | 'drop';
export type StatsSnapshot = Counters & {
  perAccount: Record<string, Counters>;
  faults: Partial<Record<FaultKind, number>>;
};

/** What the sandbox served: `GET /__sandbox/stats`. Accounts are keyed `PROVIDER:account`. */
export class SandboxStats {
  private totals: Counters = zero();
  private perAccount = new Map<string, Counters>();
  private faults = new Map<FaultKind, number>();

  count(accountKey: string | undefined, outcome: 'ok' | 'throttled' | 'failed'): void {
    const targets = [this.totals];
    if (accountKey) {
      let counters = this.perAccount.get(accountKey);
      if (!counters) {
        counters = zero();
        this.perAccount.set(accountKey, counters);
      }
      targets.push(counters);
    }
    for (const counters of targets) {
      counters.requests++;
      if (outcome === 'throttled') counters.throttled++;
      if (outcome === 'failed') counters.failed++;
    }
  }

  /** An account's requests in flight just went up to `inFlight`. */
  concurrent(accountKey: string, inFlight: number): void {
    let counters = this.perAccount.get(accountKey);
    if (!counters) {
      counters = zero();
      this.perAccount.set(accountKey, counters);
    }
    counters.peakConcurrent = Math.max(counters.peakConcurrent, inFlight);
    this.totals.peakConcurrent = Math.max(this.totals.peakConcurrent, inFlight);
  }

  /** One injected fault (a request may carry two: slow, then malformed). */
  fault(kind: FaultKind): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return {
      ...this.totals,
      perAccount: Object.fromEntries(this.perAccount),
      faults: Object.fromEntries(this.faults),
    };
  }

  reset(): void {
    this.totals = zero();
    this.perAccount.clear();
    this.faults.clear();
  }
}

function zero(): Counters {
  return { requests: 0, throttled: 0, failed: 0, peakConcurrent: 0 };
}
