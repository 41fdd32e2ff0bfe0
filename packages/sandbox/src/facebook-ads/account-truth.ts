import { contentHash, recordsDigest } from '@tributary/core';
import { dayOf } from '../facebook-graph/graph-time.ts';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type { TruthResult } from '../shared/types.ts';
import { type AdAccount, listOf } from './ad-account.ts';
import { entityJson } from './entity-json.ts';
import {
  INSIGHT_FIELDS,
  INSIGHT_LEVELS,
  STRUCTURE_FIELDS,
  STRUCTURE_STREAMS,
  type StructureStream,
} from './fields.ts';
import { activeDays, insightRow } from './insight-rows.ts';

const STREAM_LEVEL = { campaigns: 'campaign', adsets: 'adset', ads: 'ad' } as const;

/**
 * Count and digest of what a complete sync stores (fields.ts):
 * entities keyed by id; insights keyed `${level}:${id}:${date}` across all three levels.
 */
export function accountTruth(
  seed: number,
  account: AdAccount,
  stream: string,
  now: Date,
): TruthResult {
  const today = dayOf(now.getTime());
  const records: { externalId: string; contentHash: string }[] = [];
  if (STRUCTURE_STREAMS.includes(stream as StructureStream)) {
    const level = STREAM_LEVEL[stream as StructureStream];
    const fields = STRUCTURE_FIELDS[stream as StructureStream];
    for (const entity of listOf(account, level)) {
      records.push({
        externalId: entity.id,
        contentHash: contentHash(entityJson(account, entity, fields, today)),
      });
    }
  } else if (stream === 'ad_insights_daily') {
    for (const level of INSIGHT_LEVELS) {
      for (const entity of listOf(account, level)) {
        const [first, last] = activeDays(entity, -Infinity, Infinity, today);
        for (let day = first; day <= last; day++) {
          const row = insightRow(seed, account, entity, day, INSIGHT_FIELDS[level]);
          records.push({
            externalId: `${level}:${entity.id}:${row.date_start}`,
            contentHash: contentHash(row),
          });
        }
      }
    }
  } else {
    throw new SandboxInputError(
      'stream',
      `unknown FACEBOOK_ADS stream ${stream}; expected one of ${[...STRUCTURE_STREAMS, 'ad_insights_daily'].join(', ')}`,
    );
  }
  return { count: records.length, digest: recordsDigest(records) };
}
