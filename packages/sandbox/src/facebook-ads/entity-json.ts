import { DAY_MS, graphTime } from '../facebook-graph/graph-time.ts';
import type { AdAccount, AdEntity } from './ad-account.ts';

/** Fields each node type answers; anything else is Graph's "nonexisting field" error. */
export const NODE_FIELDS = {
  campaign: [
    'id',
    'account_id',
    'name',
    'status',
    'effective_status',
    'objective',
    'created_time',
    'updated_time',
    'start_time',
    'stop_time',
  ],
  adset: [
    'id',
    'account_id',
    'name',
    'status',
    'effective_status',
    'campaign_id',
    'daily_budget',
    'created_time',
    'updated_time',
    'start_time',
    'end_time',
  ],
  ad: [
    'id',
    'account_id',
    'name',
    'status',
    'effective_status',
    'campaign_id',
    'adset_id',
    'created_time',
    'updated_time',
  ],
} as const;

export const NODE_TYPE_NAMES = { campaign: 'Campaign', adset: 'AdSet', ad: 'Ad' } as const;

export const ACCOUNT_NODE_FIELDS = [
  'id',
  'account_id',
  'name',
  'currency',
  'timezone_name',
  'created_time',
] as const;

/** One entity as Graph returns it for `fields`: absent values are omitted, as Graph does. */
export function entityJson(
  account: AdAccount,
  entity: AdEntity,
  fields: readonly string[],
  today: number,
): Record<string, unknown> {
  const ended = entity.endDay <= today;
  const values: Record<string, string | undefined> = {
    id: entity.id,
    account_id: account.numericId,
    name: entity.name,
    status: entity.status,
    effective_status: effectiveStatus(account, entity),
    objective: entity.objective,
    campaign_id: entity.level === 'campaign' ? undefined : entity.campaignId,
    adset_id: entity.level === 'ad' ? entity.adsetId : undefined,
    daily_budget: entity.dailyBudget,
    created_time: graphTime(entity.createdMs),
    updated_time: graphTime(entity.updatedMs),
    start_time: entity.level === 'ad' ? undefined : graphTime(entity.startDay * DAY_MS),
    stop_time: entity.level === 'campaign' && ended ? graphTime(entity.endDay * DAY_MS) : undefined,
    end_time: entity.level === 'adset' && ended ? graphTime(entity.endDay * DAY_MS) : undefined,
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field];
    if (value !== undefined) out[field] = value;
  }
  // Graph always answers a node's id, requested or not.
  if (!('id' in out)) out.id = entity.id;
  return out;
}

/**
 * `effective_status`: the object's own status, except that an ACTIVE object under a PAUSED
 * campaign or ad set reads CAMPAIGN_PAUSED / ADSET_PAUSED.
 * https://developers.facebook.com/docs/marketing-api/reference/adgroup ("effective_status")
 */
export function effectiveStatus(account: AdAccount, entity: AdEntity): string {
  if (entity.status !== 'ACTIVE') return entity.status;
  if (entity.level !== 'campaign' && account.byId.get(entity.campaignId)?.status !== 'ACTIVE') {
    return 'CAMPAIGN_PAUSED';
  }
  if (
    entity.level === 'ad' &&
    entity.adsetId &&
    account.byId.get(entity.adsetId)?.status !== 'ACTIVE'
  ) {
    return 'ADSET_PAUSED';
  }
  return 'ACTIVE';
}

/**
 * The `effective_status` values each edge documents; a filter naming any other is refused.
 * Campaigns: reference/ad-account/campaigns; ad sets: reference/ad-account/adsets; ads:
 * reference/ad-account/ads (https://developers.facebook.com/docs/marketing-api/reference/).
 */
export const EFFECTIVE_STATUSES = {
  campaign: ['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED', 'IN_PROCESS', 'WITH_ISSUES'],
  adset: [
    'ACTIVE',
    'PAUSED',
    'DELETED',
    'CAMPAIGN_PAUSED',
    'ARCHIVED',
    'IN_PROCESS',
    'WITH_ISSUES',
  ],
  ad: [
    'ACTIVE',
    'PAUSED',
    'DELETED',
    'PENDING_REVIEW',
    'DISAPPROVED',
    'PREAPPROVED',
    'PENDING_BILLING_INFO',
    'CAMPAIGN_PAUSED',
    'ARCHIVED',
    'ADSET_PAUSED',
    'IN_PROCESS',
    'WITH_ISSUES',
  ],
} as const;

export function accountJson(
  account: AdAccount,
  fields: readonly string[],
): Record<string, unknown> {
  const values: Record<string, string> = {
    id: account.id,
    account_id: account.numericId,
    name: account.name,
    currency: account.currency,
    timezone_name: account.timezone,
    created_time: graphTime(account.createdMs),
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) if (values[field] !== undefined) out[field] = values[field];
  out.id = account.id;
  return out;
}
