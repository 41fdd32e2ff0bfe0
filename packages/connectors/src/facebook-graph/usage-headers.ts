import type { UsageReading } from '@tributary/core';
import { z } from 'zod';

/** The four Graph usage headers, as documented; every field optional because Graph omits freely. */
const appUsage = z.looseObject({
  call_count: z.number().optional(),
  total_cputime: z.number().optional(),
  total_time: z.number().optional(),
});
const bucEntry = z.looseObject({
  type: z.string().optional(),
  call_count: z.number().optional(),
  total_cputime: z.number().optional(),
  total_time: z.number().optional(),
  estimated_time_to_regain_access: z.number().optional(),
});
const businessUseCaseUsage = z.record(z.string(), z.array(bucEntry));
const adAccountUsage = z.looseObject({
  acc_id_util_pct: z.number().optional(),
  reset_time_duration: z.number().optional(),
  ads_api_access_tier: z.string().optional(),
});
const insightsThrottle = z.looseObject({
  app_id_util_pct: z.number().optional(),
  acc_id_util_pct: z.number().optional(),
  ads_api_access_tier: z.string().optional(),
});

export const GRAPH_USAGE_HEADERS = [
  'x-app-usage',
  'x-business-use-case-usage',
  'x-ad-account-usage',
  'x-fb-ads-insights-throttle',
] as const;

export type GraphUsage = {
  /** Highest percentage any header reports. */
  percentUsed: number;
  /** `estimated_time_to_regain_access` (minutes) in ms, when above zero. */
  regainAccessMs?: number;
  /** `x-ad-account-usage.reset_time_duration` (seconds) in ms, when above zero. */
  resetMs?: number;
  /** Highest `x-app-usage` percentage, for the throttle heuristic. */
  appPercent?: number;
  raw: Record<string, string>;
};

type HeaderSource = { get(name: string): string | null };

/** Reads the usage headers a Graph response carries; undefined when it has none. */
export function parseGraphUsage(headers: HeaderSource): GraphUsage | undefined {
  const raw: Record<string, string> = {};
  for (const name of GRAPH_USAGE_HEADERS) {
    const value = headers.get(name);
    if (value) raw[name] = value;
  }
  if (Object.keys(raw).length === 0) return undefined;

  const percents: number[] = [];
  let regainMinutes = 0;
  let appPercent: number | undefined;
  const app = readHeader(raw['x-app-usage'], appUsage);
  if (app) {
    appPercent = Math.max(app.call_count ?? 0, app.total_cputime ?? 0, app.total_time ?? 0);
    percents.push(appPercent);
  }
  const buc = readHeader(raw['x-business-use-case-usage'], businessUseCaseUsage);
  for (const entries of Object.values(buc ?? {})) {
    for (const entry of entries) {
      percents.push(entry.call_count ?? 0, entry.total_cputime ?? 0, entry.total_time ?? 0);
      regainMinutes = Math.max(regainMinutes, entry.estimated_time_to_regain_access ?? 0);
    }
  }
  const account = readHeader(raw['x-ad-account-usage'], adAccountUsage);
  if (account?.acc_id_util_pct !== undefined) percents.push(account.acc_id_util_pct);
  const insights = readHeader(raw['x-fb-ads-insights-throttle'], insightsThrottle);
  if (insights) percents.push(insights.app_id_util_pct ?? 0, insights.acc_id_util_pct ?? 0);

  const usage: GraphUsage = { percentUsed: Math.max(0, ...percents), raw };
  if (regainMinutes > 0) usage.regainAccessMs = regainMinutes * 60_000;
  const resetSeconds = account?.reset_time_duration ?? 0;
  if (resetSeconds > 0) usage.resetMs = resetSeconds * 1000;
  if (appPercent !== undefined) usage.appPercent = appPercent;
  return usage;
}

/** The reading the engine's governor stores, under `FACEBOOK_ADS:act_1001`-style keys. */
export function toUsageReading(key: string, usage: GraphUsage): UsageReading {
  const reading: UsageReading = { key, percentUsed: usage.percentUsed, raw: usage.raw };
  // Only estimated_time_to_regain_access says "no calls until"; reset_time_duration is how long
  // the score takes to drain, which the governor uses once usage nears the limit.
  if (usage.regainAccessMs !== undefined) reading.regainAccessMs = usage.regainAccessMs;
  if (usage.resetMs !== undefined) reading.resetMs = usage.resetMs;
  return reading;
}

/** A header Graph sent that is not valid JSON is ignored: usage is advisory, data is not. */
function readHeader<S extends z.ZodType>(value: string | undefined, schema: S) {
  if (value === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as z.output<S>) : undefined;
  } catch {
    return undefined;
  }
}
