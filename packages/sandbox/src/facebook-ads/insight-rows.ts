import { dayString } from '../facebook-graph/graph-time.ts';
import { hash32, seededRandom } from '../shared/random.ts';
import type { AdAccount, AdEntity } from './ad-account.ts';
import type { InsightLevel } from './fields.ts';

export const INSIGHT_ROW_FIELDS = [
  'account_id',
  'account_name',
  'campaign_id',
  'campaign_name',
  'adset_id',
  'adset_name',
  'ad_id',
  'ad_name',
  'impressions',
  'clicks',
  'spend',
  'reach',
  'actions',
  'ctr',
  'cpc',
  'cpm',
  'date_start',
  'date_stop',
] as const;

/** Which id and name fields exist at each level: a row cannot name what sits below it. */
const LEVEL_DEPTH: Record<InsightLevel, number> = { campaign: 0, adset: 1, ad: 2 };
const FIELD_DEPTH: Record<string, number> = {
  adset_id: 1,
  adset_name: 1,
  ad_id: 2,
  ad_name: 2,
};

/** Days an entity delivered within [sinceDay, untilDay]: rows exist for finished days only. */
export function activeDays(
  entity: AdEntity,
  sinceDay: number,
  untilDay: number,
  today: number,
): [number, number] {
  const first = Math.max(entity.startDay, sinceDay);
  const last = Math.min(entity.endDay - 1, untilDay, today - 1);
  return [first, last];
}

/**
 * One daily insights row, derived from (seed, entity, day, revision): nothing is stored,
 * so a million-row account costs its entities and nothing more. Values are strings, as Graph sends.
 */
export function insightRow(
  seed: number,
  account: AdAccount,
  entity: AdEntity,
  day: number,
  fields: readonly string[],
): Record<string, unknown> {
  const revision = entity.revisions.filter((from) => from <= day).length;
  const random = seededRandom(hash32(seed, entity.id, day, revision));
  const scale = { campaign: 3, adset: 1.8, ad: 1 }[entity.level];
  const impressions = Math.floor((200 + random() * 4800) * scale);
  const reach = Math.floor(impressions * (0.55 + random() * 0.35));
  const clicks = Math.floor(impressions * (0.004 + random() * 0.026));
  const spendCents = Math.round((impressions * (2 + random() * 10)) / 10);
  const landingViews = Math.floor(clicks * (0.5 + random() * 0.4));
  const purchases = Math.floor(landingViews * random() * 0.08);
  const actions = [
    { action_type: 'link_click', value: String(clicks) },
    { action_type: 'landing_page_view', value: String(landingViews) },
    ...(purchases > 0 ? [{ action_type: 'purchase', value: String(purchases) }] : []),
  ];
  const campaign = account.byId.get(entity.campaignId);
  const adset = entity.adsetId ? account.byId.get(entity.adsetId) : undefined;
  const date = dayString(day);
  const values: Record<string, unknown> = {
    account_id: account.numericId,
    account_name: account.name,
    campaign_id: entity.campaignId,
    campaign_name: campaign?.name,
    adset_id: entity.adsetId,
    adset_name: adset?.name,
    ad_id: entity.level === 'ad' ? entity.id : undefined,
    ad_name: entity.level === 'ad' ? entity.name : undefined,
    impressions: String(impressions),
    clicks: String(clicks),
    spend: (spendCents / 100).toFixed(2),
    reach: String(reach),
    actions,
    ctr: ((100 * clicks) / impressions).toFixed(6),
    cpc: clicks > 0 ? (spendCents / 100 / clicks).toFixed(6) : undefined,
    cpm: ((spendCents * 10) / impressions).toFixed(6),
    date_start: date,
    date_stop: date,
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if ((FIELD_DEPTH[field] ?? 0) > LEVEL_DEPTH[entity.level]) continue;
    const value = values[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Total rows an account has for a level up to yesterday: for truth and sizing. */
export function countRows(entities: readonly AdEntity[], today: number): number {
  let count = 0;
  for (const entity of entities) {
    const [first, last] = activeDays(entity, -Infinity, Infinity, today);
    if (last >= first) count += last - first + 1;
  }
  return count;
}
