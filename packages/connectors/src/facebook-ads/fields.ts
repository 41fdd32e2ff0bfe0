/**
 * The fields the connector requests by default. The sandbox's truth is computed over
 * exactly these, so what the engine stores can be compared with it.
 */
export const STRUCTURE_FIELDS = {
  campaigns: [
    'id',
    'name',
    'status',
    'objective',
    'created_time',
    'updated_time',
    'start_time',
    'stop_time',
  ],
  adsets: [
    'id',
    'name',
    'status',
    'campaign_id',
    'daily_budget',
    'created_time',
    'updated_time',
    'start_time',
    'end_time',
  ],
  ads: ['id', 'name', 'status', 'campaign_id', 'adset_id', 'created_time', 'updated_time'],
} as const;

export type StructureStream = keyof typeof STRUCTURE_FIELDS;
export const STRUCTURE_STREAMS = Object.keys(STRUCTURE_FIELDS) as StructureStream[];

export const INSIGHT_LEVELS = ['campaign', 'adset', 'ad'] as const;
export type InsightLevel = (typeof INSIGHT_LEVELS)[number];

const METRICS = ['impressions', 'clicks', 'spend', 'reach', 'actions', 'date_start', 'date_stop'];

/**
 * Per level: the account, the ids above and at the level, the metrics. No entity names: Graph
 * returns the current name in every historical row, so a rename would silently change rows far
 * outside the 28-day re-read. Names live in the structure streams, joined by id.
 */
export const INSIGHT_FIELDS: Record<InsightLevel, readonly string[]> = {
  campaign: ['account_id', 'campaign_id', ...METRICS],
  adset: ['account_id', 'campaign_id', 'adset_id', ...METRICS],
  ad: ['account_id', 'campaign_id', 'adset_id', 'ad_id', ...METRICS],
};

/** The most entity ids one insights request filters on, per level. */
export const MAX_ENTITIES_PER_INSIGHTS_CALL: Record<InsightLevel, number> = {
  campaign: 50,
  adset: 50,
  ad: 100,
};

/**
 * Every documented `effective_status` per level. The edges leave ARCHIVED and DELETED objects
 * out unless the request names the statuses it wants, and an ad under a paused campaign reads
 * CAMPAIGN_PAUSED: asking for all of them reads every object the account ever had.
 * https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status
 * https://developers.facebook.com/docs/marketing-api/reference/ad-account/ads ("effective_status")
 */
export const ALL_EFFECTIVE_STATUSES: Record<InsightLevel, readonly string[]> = {
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
};

export const STREAM_LEVEL = { campaigns: 'campaign', adsets: 'adset', ads: 'ad' } as const;

export const ACCOUNT_FIELDS = ['name', 'currency', 'timezone_name', 'created_time'] as const;

export const GRAPH_VERSION = 'v21.0';
