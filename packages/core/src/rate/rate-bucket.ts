import type { ProviderId } from '../source/provider.ts';

/**
 * The provider budget a chunk's calls draw on. The Marketing API keeps two per ad account:
 * insights calls (`ads_insights`) and everything else (`ads_management`), each with its own
 * usage entry and throttle, so an insights backlog must not pace structure reads.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("Business Use Case Rate Limits")
 * Other providers keep one budget per account (no bucket).
 */
export function rateBucketOf(provider: ProviderId, chunkKind?: string): string | undefined {
  if (provider !== 'FACEBOOK_ADS') return undefined;
  return chunkKind === 'insights' ? 'ads_insights' : 'ads_management';
}

/** The governor's key for one budget: `FACEBOOK_ADS:act_1001:ads_insights`, `MICROSOFT_MAIL:user_1`. */
export function rateBudgetKey(provider: ProviderId, accountId: string, bucket?: string): string {
  return bucket ? `${provider}:${accountId}:${bucket}` : `${provider}:${accountId}`;
}
