import type { BenchSystem } from '../harness/bench-system.ts';
import type { LoggedRequest } from '../harness/sandbox-process.ts';

/** Sizes: the figures by default, small enough for a smoke test with `--quick`. */
export type BenchOptions = {
  quick: boolean;
  /** Records of the grown account in `large-account` (about; entity counts scale). */
  largeRecords: number;
};

/** One run's figures: named numbers (min / median / max are taken over runs). */
export type Values = Record<string, number>;

/** What the plots are drawn from (kept from a scenario's last run). */
export type Series = {
  /** Records processed over time: label → [seconds, records/s][] */
  throughput?: Record<string, [number, number][]>;
  /** Provider requests as the sandbox saw them: label → requests (epoch ms). */
  requests?: Record<string, LoggedRequest[]>;
  /** Latency samples in ms: label → samples. */
  latencies?: Record<string, number[]>;
  /** Which latency chart they belong on (default: the scenario's own). */
  latencyChart?: string;
};

export type RunResult = { values: Values; series?: Series; notes?: string[] };

export type Scenario = {
  name: string;
  title: string;
  /** value key → how it is printed */
  metrics: Record<string, { label: string; unit: string; digits?: number }>;
  run(system: BenchSystem, options: BenchOptions): Promise<RunResult>;
};

/** The default ads account (act_1001's shape: ~124k records over two years). */
export const DEFAULT_ADS = { campaigns: 351, adsets: 700, ads: 1000, ageDays: 730 };
export const DEFAULT_ADS_RECORDS = 124_000;

/** An ads account `factor` times the default's entities (records scale with them). */
export function adsAccount(id: string, factor: number) {
  return {
    provider: 'FACEBOOK_ADS' as const,
    id,
    campaigns: Math.max(1, Math.round(DEFAULT_ADS.campaigns * factor)),
    adsets: Math.max(1, Math.round(DEFAULT_ADS.adsets * factor)),
    ads: Math.max(1, Math.round(DEFAULT_ADS.ads * factor)),
    ageDays: DEFAULT_ADS.ageDays,
  };
}

/** The quick mode's accounts: a few hundred records, a few dozen requests. */
export const QUICK_FACTOR = 0.01;
