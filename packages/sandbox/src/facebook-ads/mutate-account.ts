import { z } from 'zod';
import { dayOf } from '../facebook-graph/graph-time.ts';
import { hash32, seededRandom } from '../shared/random.ts';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type { MutateOps } from '../shared/types.ts';
import { type AdAccount, type AdEntity, childSpan, listOf, newEntity } from './ad-account.ts';
import type { InsightLevel } from './fields.ts';

const count = z.number().int().min(0).max(10_000);
const countOrIds = z.union([count, z.array(z.string().min(1))]);
const addOps = z.strictObject({ campaigns: count, adsets: count, ads: count }).partial();
const changeOps = z
  .strictObject({ campaigns: countOrIds, adsets: countOrIds, ads: countOrIds })
  .partial();
const opsSchema = z.object({
  add: addOps.optional(),
  update: changeOps.optional(),
  remove: changeOps.optional(),
});

const STREAM_LEVEL = { campaigns: 'campaign', adsets: 'adset', ads: 'ad' } as const;
type Stream = keyof typeof STREAM_LEVEL;
/** Insights of the last days change on update, so the 28-day lookback re-read has work. */
const REVISED_DAYS = 3;

/**
 * `POST /__sandbox/mutate` for an ad account: `add: {campaigns: 2}`, `update: {ads: 5}` or
 * `{ads: ['<id>']}`, `remove: {adsets: 1}`. Picks are seeded; updates prefer entities that
 * delivered recently. Input is checked fully before anything changes.
 */
export function mutateAccount(
  seed: number,
  account: AdAccount,
  rawOps: MutateOps,
  now: Date,
): { added: number; updated: number; removed: number } {
  const parsed = opsSchema.safeParse(rawOps);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(ops)';
    throw new SandboxInputError(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  const ops = parsed.data;
  const nowMs = now.getTime();
  const today = dayOf(nowMs);
  const mutation = account.mutations + 1;
  const toUpdate = resolve(seed, account, ops.update, 'update', mutation, today);
  const toRemove = resolve(seed, account, ops.remove, 'remove', mutation, today);
  for (const [stream, n] of Object.entries(ops.add ?? {}) as [Stream, number][]) {
    const parentLevel = stream === 'ads' ? 'adset' : stream === 'adsets' ? 'campaign' : undefined;
    if (n > 0 && parentLevel && listOf(account, parentLevel).length === 0) {
      throw new SandboxInputError(
        `add.${stream}`,
        `${account.id} has no ${parentLevel} to hold new ${stream}`,
      );
    }
  }
  account.mutations = mutation;

  for (const entity of toUpdate) {
    entity.updatedMs = nowMs;
    entity.name = `${entity.name.replace(/ \(edit \d+\)$/, '')} (edit ${mutation})`;
    entity.revisions.push(today - REVISED_DAYS + 1);
  }
  let removed = 0;
  for (const entity of toRemove) removed += removeWithChildren(account, entity);

  let added = 0;
  for (const [stream, n] of Object.entries(ops.add ?? {}) as [Stream, number][]) {
    for (let i = 0; i < n; i++) {
      const random = seededRandom(hash32(seed, account.id, 'add', mutation, stream, i));
      if (addEntity(account, STREAM_LEVEL[stream], random, today, nowMs)) added++;
    }
  }
  return { added, updated: toUpdate.length, removed };
}

function resolve(
  seed: number,
  account: AdAccount,
  ops: z.output<typeof changeOps> | undefined,
  what: string,
  mutation: number,
  today: number,
): AdEntity[] {
  const out: AdEntity[] = [];
  for (const [stream, value] of Object.entries(ops ?? {}) as [Stream, number | string[]][]) {
    const level = STREAM_LEVEL[stream];
    if (Array.isArray(value)) {
      for (const id of value) {
        const entity = account.byId.get(id);
        if (!entity || entity.level !== level) {
          throw new SandboxInputError(`${what}.${stream}`, `${account.id} has no ${level} ${id}`);
        }
        out.push(entity);
      }
      continue;
    }
    // Recently delivering entities first, then a seeded shuffle: updates touch live insights.
    const ranked = [...listOf(account, level)].sort((a, b) => {
      const recentA = a.endDay > today - 28 ? 0 : 1;
      const recentB = b.endDay > today - 28 ? 0 : 1;
      if (recentA !== recentB) return recentA - recentB;
      return hash32(seed, mutation, what, a.id) - hash32(seed, mutation, what, b.id);
    });
    out.push(...ranked.slice(0, value));
  }
  return out;
}

function removeWithChildren(account: AdAccount, entity: AdEntity): number {
  if (!account.byId.has(entity.id)) return 0;
  let removed = 0;
  const doomed = (other: AdEntity) =>
    other.id === entity.id ||
    (entity.level === 'campaign' && other.campaignId === entity.id) ||
    (entity.level === 'adset' && other.adsetId === entity.id);
  for (const level of ['campaign', 'adset', 'ad'] as const) {
    const list = listOf(account, level);
    const kept = list.filter((other) => !doomed(other));
    for (const other of list) {
      if (doomed(other)) {
        account.byId.delete(other.id);
        removed++;
      }
    }
    list.splice(0, list.length, ...kept);
  }
  return removed;
}

/** New entities started three days ago and run a month, under a seeded live parent. */
function addEntity(
  account: AdAccount,
  level: InsightLevel,
  random: () => number,
  today: number,
  nowMs: number,
): AdEntity | undefined {
  const parentLevel = level === 'ad' ? 'adset' : level === 'adset' ? 'campaign' : undefined;
  const parents = parentLevel ? listOf(account, parentLevel) : [];
  // The removals of this same mutation may have taken the last parent.
  if (parentLevel && parents.length === 0) return undefined;
  const parent = parentLevel ? parents[Math.floor(random() * parents.length)] : undefined;
  const [startDay, endDay] = parent
    ? childSpan({ ...parent, startDay: Math.max(parent.startDay, today - 3) }, random)
    : [today - 3, today + 30];
  const entity = newEntity(account, level, random, startDay, endDay, today, nowMs, parent);
  entity.createdMs = Math.min(nowMs, Math.max(account.createdMs, startDay * 86_400_000));
  entity.updatedMs = nowMs;
  entity.name = `New ${level} ${entity.id.slice(-4)}`;
  if (level === 'campaign') entity.objective = 'OUTCOME_TRAFFIC';
  if (level === 'adset') entity.dailyBudget = '2500';
  return entity;
}
