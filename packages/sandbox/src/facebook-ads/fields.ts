/**
 * The fields of the records a complete Facebook Ads sync stores, as the ground truth
 * (`/__sandbox/truth`) hashes them. Written here from the Marketing API reference, not taken
 * from the connector: a connector that drops, renames or adds a field then disagrees with the
 * truth, and a test sees it.
 *
 * Campaign fields: https://developers.facebook.com/docs/marketing-api/reference/ad-campaign-group
 * Ad set fields:   https://developers.facebook.com/docs/marketing-api/reference/ad-campaign
 * Ad fields:       https://developers.facebook.com/docs/marketing-api/reference/adgroup
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

/**
 * The `level` values of the insights edge the emulator serves (the documented `account` level
 * is not emulated). https://developers.facebook.com/docs/marketing-api/insights/parameters
 */
export const INSIGHT_LEVELS = ['campaign', 'adset', 'ad'] as const;
export type InsightLevel = (typeof INSIGHT_LEVELS)[number];

/**
 * Daily insights rows as the product stores them: the ids above and at the level, and the
 * metrics impressions, clicks, spend, reach, actions with the row's `date_start`/`date_stop`
 * (https://developers.facebook.com/docs/marketing-api/insights, "Fields"). Entity names are
 * not part of a stored row: Graph reports the current name in every historical row.
 */
const METRICS = ['impressions', 'clicks', 'spend', 'reach', 'actions', 'date_start', 'date_stop'];

export const INSIGHT_FIELDS: Record<InsightLevel, readonly string[]> = {
  campaign: ['account_id', 'campaign_id', ...METRICS],
  adset: ['account_id', 'campaign_id', 'adset_id', ...METRICS],
  ad: ['account_id', 'campaign_id', 'adset_id', 'ad_id', ...METRICS],
};
