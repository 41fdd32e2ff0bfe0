import { PROVIDERS, type ProviderId } from '@tributary/core';
import { z } from 'zod';
import type { FaultSettings } from '../shared/types.ts';

const rate = z.number().min(0).max(1);
const faultSettings = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: rate.optional(),
  rateLimit: z
    .strictObject({
      requests: z.number().int().min(1),
      windowMs: z.number().int().min(1),
    })
    .optional(),
  timeoutRate: rate.optional(),
  malformedRate: rate.optional(),
  resetRate: rate.optional(),
  dropRate: rate.optional(),
  outageMs: z.number().int().min(1).max(3_600_000).optional(),
  slowFirst: z
    .strictObject({
      requests: z.number().int().min(1),
      delayMs: z.number().int().min(1).max(600_000),
    })
    .optional(),
  tokenExpired: z.boolean().optional(),
  insightsRowLimit: z.number().int().min(1).optional(),
  asyncInsightsRowLimit: z.number().int().min(1).optional(),
  asyncJobMs: z.number().int().min(0).max(600_000).optional(),
  asyncFailRate: rate.optional(),
  asyncSkipRate: rate.optional(),
  maxConcurrent: z.number().int().min(1).optional(),
  throttleCode: z.union([z.literal(4), z.literal(17), z.literal(613)]).optional(),
  listChurn: z.number().int().min(0).max(1000).optional(),
});

const providerFaults = faultSettings.extend({
  accounts: z.record(z.string().min(1), faultSettings).optional(),
});

/** `PUT /__sandbox/faults`: global settings, then per provider, then per account; deeper wins. */
export const faultConfigSchema = faultSettings.extend({
  seed: z.number().int().optional(),
  providers: z.partialRecord(z.enum(PROVIDERS), providerFaults).optional(),
});

export type FaultConfig = z.output<typeof faultConfigSchema>;

/** The settings in force for one request. */
export function effectiveFaults(
  config: FaultConfig,
  defaults: FaultSettings,
  provider: ProviderId,
  accountId: string | undefined,
): FaultSettings {
  const { seed: _seed, providers, ...global } = config;
  const { accounts, ...forProvider } = providers?.[provider] ?? {};
  const forAccount = accountId ? accounts?.[accountId] : undefined;
  return { ...defaults, ...global, ...forProvider, ...forAccount };
}
