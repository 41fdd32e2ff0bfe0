import { z } from 'zod';
import { DAY_MS, dayOf } from '../facebook-graph/graph-time.ts';
import { hash32, seededRandom } from '../shared/random.ts';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type { InsightLevel } from './fields.ts';

/**
 * An emulated ad account: its entities are stored (a few thousand small objects), its
 * insights are not — every daily row is derived from (seed, entity, day) when asked for.
 */
export type AdEntity = {
  level: InsightLevel;
  id: string;
  name: string;
  campaignId: string;
  adsetId?: string;
  status: AdStatus;
  objective?: string;
  dailyBudget?: string;
  createdMs: number;
  updatedMs: number;
  /** Active days: [startDay, endDay), UTC day numbers. */
  startDay: number;
  endDay: number;
  /** Days from which insights were revised by a mutation (each bumps rows from that day on). */
  revisions: number[];
};

/**
 * Live objects are ACTIVE or PAUSED; ARCHIVED and DELETED ones are kept, readable by id and
 * with their insights, but left out of the account's edges unless asked for by status.
 * https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status
 */
export type AdStatus = 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED';

export type AdAccount = {
  id: string;
  numericId: string;
  name: string;
  currency: string;
  timezone: string;
  createdMs: number;
  campaigns: AdEntity[];
  adsets: AdEntity[];
  ads: AdEntity[];
  byId: Map<string, AdEntity>;
  nextSeq: Record<InsightLevel, number>;
  mutations: number;
  /** Whether the sandbox's signed-in user has a role on the account (lists it in `/me/adaccounts`). */
  listed: boolean;
  /** Graph's `account_status`: 1 ACTIVE, 2 DISABLED, 3 UNSETTLED, 101 CLOSED, … */
  accountStatus: number;
};

export const accountSpecSchema = z.strictObject({
  provider: z.literal('FACEBOOK_ADS').optional(),
  id: z.string().regex(/^act_\d{1,12}$/, 'must look like act_<digits>'),
  name: z.string().min(1).optional(),
  campaigns: z.number().int().min(0).max(100_000).default(351),
  adsets: z.number().int().min(0).max(100_000).default(700),
  ads: z.number().int().min(0).max(1_000_000).default(1000),
  ageDays: z.number().int().min(1).max(3650).default(730),
  timezone: z.string().min(1).default('America/Los_Angeles'),
  currency: z.string().length(3).default('USD'),
  // An account the signed-in user has no role on: readable by id, absent from /me/adaccounts.
  listed: z.boolean().default(true),
  // https://developers.facebook.com/docs/marketing-api/reference/ad-account (account_status)
  accountStatus: z.literal([1, 2, 3, 7, 8, 9, 100, 101, 201, 202]).default(1),
});
export type AccountSpec = z.output<typeof accountSpecSchema>;

export const DEFAULT_ACCOUNTS: AccountSpec[] = [accountSpecSchema.parse({ id: 'act_1001' })];

const OBJECTIVES = [
  'OUTCOME_SALES',
  'OUTCOME_TRAFFIC',
  'OUTCOME_AWARENESS',
  'OUTCOME_LEADS',
  'OUTCOME_ENGAGEMENT',
];
const THEMES = [
  'Spring Sale',
  'Evergreen',
  'Retargeting',
  'Brand Lift',
  'New Arrivals',
  'Holiday',
  'Lookalike',
  'Clearance',
  'App Installs',
  'Webinar',
];
const AUDIENCES = [
  'US 25-44',
  'EU Broad',
  'Interests: Fitness',
  'Cart Abandoners',
  'LAL 1%',
  'Past Buyers',
  'CA Women 18-34',
  'UK Men 35+',
];
const CREATIVES = [
  'Carousel',
  'Video 15s',
  'Static A',
  'Static B',
  'Reel',
  'Collection',
  'UGC Testimonial',
];
/** Seeded structure stops an hour before reset, so "updated since" tests see only mutations. */
const QUIET_MS = 3_600_000;

export function generateAccount(seed: number, spec: AccountSpec, nowMs: number): AdAccount {
  if (spec.adsets > 0 && spec.campaigns === 0) {
    throw new SandboxInputError(
      'accounts.adsets',
      `${spec.id}: ad sets need at least one campaign`,
    );
  }
  if (spec.ads > 0 && spec.adsets === 0) {
    throw new SandboxInputError('accounts.ads', `${spec.id}: ads need at least one ad set`);
  }
  const numericId = spec.id.slice(4);
  const today = dayOf(nowMs);
  const createdDay = today - spec.ageDays;
  const account: AdAccount = {
    id: spec.id,
    numericId,
    name: spec.name ?? `Tributary Demo Ads ${numericId}`,
    currency: spec.currency,
    timezone: spec.timezone,
    createdMs:
      createdDay * DAY_MS + Math.floor(seededRandom(hash32(seed, spec.id))() * DAY_MS * 0.5),
    campaigns: [],
    adsets: [],
    ads: [],
    byId: new Map(),
    nextSeq: { campaign: 1, adset: 1, ad: 1 },
    mutations: 0,
    listed: spec.listed,
    accountStatus: spec.accountStatus,
  };
  const latestUpdate = nowMs - QUIET_MS;
  for (let i = 0; i < spec.campaigns; i++) {
    const random = seededRandom(hash32(seed, spec.id, 'campaign', i));
    const startDay = createdDay + Math.floor(random() * spec.ageDays);
    const endDay = startDay + 30 + Math.floor(random() * 150);
    const campaign = newEntity(account, 'campaign', random, startDay, endDay, today, latestUpdate);
    campaign.objective = OBJECTIVES[Math.floor(random() * OBJECTIVES.length)]!;
    campaign.name = `${pick(THEMES, random)} — ${campaign.objective.slice(8).toLowerCase()} #${i + 1}`;
  }
  for (let i = 0; i < spec.adsets; i++) {
    const random = seededRandom(hash32(seed, spec.id, 'adset', i));
    const parent = account.campaigns[i % account.campaigns.length]!;
    const [startDay, endDay] = childSpan(parent, random);
    const adset = newEntity(
      account,
      'adset',
      random,
      startDay,
      endDay,
      today,
      latestUpdate,
      parent,
    );
    adset.dailyBudget = String((5 + Math.floor(random() * 200)) * 100);
    adset.name = `${pick(AUDIENCES, random)} · ${parent.name.split(' — ')[0]} #${i + 1}`;
  }
  for (let i = 0; i < spec.ads; i++) {
    const random = seededRandom(hash32(seed, spec.id, 'ad', i));
    const parent = account.adsets[i % account.adsets.length]!;
    const [startDay, endDay] = childSpan(parent, random);
    const ad = newEntity(account, 'ad', random, startDay, endDay, today, latestUpdate, parent);
    ad.name = `${pick(CREATIVES, random)} · ${parent.name.split(' · ')[0]} #${i + 1}`;
  }
  return account;
}

/**
 * A new entity under `parent` (a campaign for ad sets, an ad set for ads), appended in id
 * order. Ended entities are PAUSED, ARCHIVED or DELETED with a stop time; running ones ACTIVE.
 */
export function newEntity(
  account: AdAccount,
  level: InsightLevel,
  random: () => number,
  startDay: number,
  endDay: number,
  today: number,
  latestUpdateMs: number,
  parent?: AdEntity,
): AdEntity {
  const seq = account.nextSeq[level]++;
  const kindDigit = { campaign: 1, adset: 2, ad: 3 }[level];
  const id = `120${account.numericId.padStart(6, '0')}${kindDigit}${String(seq).padStart(7, '0')}`;
  // Scheduled entities start in the future but were created (and last touched) in the past.
  const createdMs = Math.min(
    latestUpdateMs,
    Math.max(account.createdMs, startDay * DAY_MS - Math.floor(random() * DAY_MS)),
  );
  const lastActiveMs = Math.min(endDay * DAY_MS, latestUpdateMs);
  const entity: AdEntity = {
    level,
    id,
    name: id,
    campaignId: level === 'campaign' ? id : parent!.campaignId,
    status: endDay > today ? 'ACTIVE' : endedStatus(id),
    createdMs,
    updatedMs: createdMs + Math.floor(random() * Math.max(0, lastActiveMs - createdMs)),
    startDay,
    endDay,
    revisions: [],
  };
  if (level === 'adset') entity.adsetId = id;
  if (level === 'ad') entity.adsetId = parent!.id;
  listOf(account, level).push(entity);
  account.byId.set(id, entity);
  return entity;
}

/** Ended objects: mostly PAUSED, a fifth ARCHIVED, a tenth DELETED (seeded by id). */
function endedStatus(id: string): AdStatus {
  const draw = hash32(id, 'status') / 4_294_967_296;
  return draw < 0.2 ? 'ARCHIVED' : draw < 0.3 ? 'DELETED' : 'PAUSED';
}

/** Children run inside their parent's span: from somewhere in its first half, for 50–100% of it. */
export function childSpan(parent: AdEntity, random: () => number): [number, number] {
  const length = Math.max(0, parent.endDay - parent.startDay);
  const startDay = parent.startDay + Math.floor(random() * length * 0.5);
  const endDay = Math.min(
    parent.endDay,
    startDay + Math.max(1, Math.ceil(length * (0.5 + 0.5 * random()))),
  );
  return [startDay, endDay];
}

export function listOf(account: AdAccount, level: InsightLevel): AdEntity[] {
  return level === 'campaign'
    ? account.campaigns
    : level === 'adset'
      ? account.adsets
      : account.ads;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
