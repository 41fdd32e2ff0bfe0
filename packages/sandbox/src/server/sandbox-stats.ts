export type Counters = { requests: number; throttled: number; failed: number };
export type StatsSnapshot = Counters & { perAccount: Record<string, Counters> };

/** What the sandbox served: `GET /__sandbox/stats`. Accounts are keyed `PROVIDER:account`. */
export class SandboxStats {
  private totals: Counters = zero();
  private perAccount = new Map<string, Counters>();

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

  snapshot(): StatsSnapshot {
    return { ...this.totals, perAccount: Object.fromEntries(this.perAccount) };
  }

  reset(): void {
    this.totals = zero();
    this.perAccount.clear();
  }
}

function zero(): Counters {
  return { requests: 0, throttled: 0, failed: 0 };
}
