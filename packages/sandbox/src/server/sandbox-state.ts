import type { ProviderId } from '@tributary/core';
import { hash32, seededRandom } from '../shared/random.ts';
import type { FaultSettings, ProviderSandbox, SandboxRequest } from '../shared/types.ts';
import { effectiveFaults, type FaultConfig } from './fault-config.ts';
import type { ProviderRegistration } from './providers.ts';
import { RateBudget } from './rate-budget.ts';
import { SandboxStats } from './sandbox-stats.ts';

export const DEFAULT_SEED = 42;

export type MountedProvider = ProviderRegistration & { sandbox: ProviderSandbox };

/** Everything the server holds between requests: emulators, faults, budgets, counters. */
export class SandboxState {
  readonly providers = new Map<ProviderId, MountedProvider>();
  readonly stats = new SandboxStats();
  readonly budget = new RateBudget();
  readonly inflight = new Map<string, number>();
  seed = DEFAULT_SEED;
  faults: FaultConfig = {};
  private random: () => number = seededRandom(0);

  constructor(registrations: ProviderRegistration[], seed: number) {
    for (const registration of registrations) {
      this.providers.set(registration.provider, {
        ...registration,
        sandbox: registration.create(),
      });
    }
    this.reset(seed, undefined);
  }

  /** Reseeds every emulator and clears faults, budgets and counters: a clean slate. */
  reset(seed: number, accounts: { provider: ProviderId }[] | undefined): void {
    this.seed = seed;
    for (const mounted of this.providers.values()) {
      const own = accounts?.filter((account) => account.provider === mounted.provider);
      mounted.sandbox.reset(seed, own && own.length > 0 ? own : undefined);
    }
    this.setFaults({});
    this.budget.clear();
    this.stats.reset();
  }

  /** When the faults in force were set: timed faults (`outageMs`, `slowFirst`) count from here. */
  faultsSetAt = Date.now();
  /** Requests per account since the faults were set (for `slowFirst`). */
  readonly requestsSinceFaults = new Map<string, number>();

  setFaults(config: FaultConfig): void {
    this.faults = config;
    this.faultsSetAt = Date.now();
    this.requestsSinceFaults.clear();
    // Random faults replay identically for the same seed and the same request order.
    this.random = seededRandom(hash32(config.seed ?? this.seed, 'faults'));
  }

  /** True with probability `rate`; draws only when a rate is set, so other faults keep their sequence. */
  roll(rate: number | undefined): boolean {
    if (!rate) return false;
    return this.random() < rate;
  }

  draw(): number {
    return this.random();
  }

  /** The emulator on `basePath` that serves this request: the first that owns it. */
  route(basePath: string, request: SandboxRequest, basePaths: Record<ProviderId, string>) {
    const candidates = [...this.providers.values()].filter(
      (mounted) => basePaths[mounted.provider] === basePath,
    );
    return (
      candidates.find((mounted) => mounted.sandbox.owns?.(request)) ??
      candidates.find((mounted) => !mounted.sandbox.owns) ??
      candidates[0]
    );
  }

  faultsFor(mounted: MountedProvider, accountId: string | undefined): FaultSettings {
    const own = accountId ? mounted.sandbox.accountBudget?.(accountId, new Date()) : undefined;
    const defaults = own ? { ...mounted.defaults, rateLimit: own } : mounted.defaults;
    return effectiveFaults(this.faults, defaults, mounted.provider, accountId);
  }
}
