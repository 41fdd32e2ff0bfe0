import type { PageRequest } from '@tributary/core';
import { z } from 'zod';
import { graphList } from '../facebook-graph/paging.ts';

export type InsightsOptions = {
  timeoutMs?: number;
  /** First wait between polls of an async report run (doubling to 5 s); default 250 ms. */
  reportPollMs?: number;
  /** Longest one page polls a run before committing and reporting its percent; default 10 s. */
  reportWaitMs?: number;
};

/** One insights chunk's read: the page request, its query parameters and the row id field. */
export type InsightsContext = {
  request: PageRequest;
  idField: string;
  query: Record<string, string>;
  options: InsightsOptions;
};

/** A page of daily insights rows, each with its date and the id at the chunk's level. */
export function insightsList(idField: string) {
  return graphList(z.looseObject({ date_start: z.string().min(1), [idField]: z.string().min(1) }));
}

/** Rows as records keyed `${level}:${id}:${date_start}`. */
export function insightRecords(context: InsightsContext, rows: Record<string, unknown>[]) {
  const level = context.query.level;
  return rows.map((data) => ({
    stream: 'ad_insights_daily',
    externalId: `${level}:${data[context.idField]}:${data.date_start}`,
    data,
  }));
}
