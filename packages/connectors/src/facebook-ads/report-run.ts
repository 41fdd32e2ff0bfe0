import {
  isProviderError,
  type PageResult,
  ProviderError,
  rateBudgetKey,
  type UsageReading,
} from '@tributary/core';
import { z } from 'zod';
import { TOO_MANY_ROWS_SUBCODE } from '../facebook-graph/classify-graph-error.ts';
import { graphGet } from '../facebook-graph/graph-get.ts';
import { nextAfter } from '../facebook-graph/paging.ts';
import { sleep } from '../shared/sleep.ts';
import { GRAPH_VERSION } from './fields.ts';
import { type InsightsContext, insightRecords, insightsList } from './insights-context.ts';
import { DEFAULT_PAGE_SIZE } from './read-structure.ts';

/**
 * Async insights report runs, as the Insights best practices describe them: `POST
 * /act_{id}/insights` answers `report_run_id`; `GET /{report_run_id}` is polled until
 * `async_status` is "Job Completed" (`async_percent_completion` on the way); then
 * `GET /{report_run_id}/insights` pages the rows. "Job Failed" and "Job Skipped" end a run.
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices ("Asynchronous jobs")
 * https://developers.facebook.com/docs/marketing-api/reference/ad-report-run
 *
 * The chunk's cursor is `{run, after?, failures}`: a crash resumes polling the same run (or
 * paging its rows) instead of starting another. A failed run is asked again; after
 * `MAX_RUN_FAILURES` the chunk is reported too large, so the engine splits it.
 */
export const asyncCursorSchema = z.strictObject({
  run: z.string().regex(/^\d+$/).optional(),
  after: z.string().min(1).optional(),
  failures: z.number().int().min(0),
});
export type AsyncCursor = z.output<typeof asyncCursorSchema>;

export const MAX_RUN_FAILURES = 2;

const runCreated = z.looseObject({ report_run_id: z.string().regex(/^\d+$/) });
const runStatus = z.looseObject({
  id: z.string(),
  async_status: z.string(),
  async_percent_completion: z.number().optional(),
  error_subcode: z.number().optional(),
});

/** Queues a run for the chunk's query; the page commits its id before any wait. */
export async function startReportRun(
  context: InsightsContext,
  failures: number,
): Promise<PageResult> {
  const { request, query, options } = context;
  const { body, usage, requests } = await graphGet({
    ...common(context),
    method: 'POST',
    path: `/${GRAPH_VERSION}/${request.accountId}/insights`,
    query,
    schema: runCreated,
    timeoutMs: options.timeoutMs,
  });
  return {
    records: [],
    nextCursor: { run: body.report_run_id, failures },
    usage,
    requests,
    itemLabel: 'Insights report queued',
  };
}

/** Polls the cursor's run (within the wait budget), then reads a page of its rows. */
export async function readReportRun(
  context: InsightsContext,
  cursor: AsyncCursor,
): Promise<PageResult> {
  const { run, failures } = cursor;
  if (!run) return startReportRun(context, failures);
  if (cursor.after) return readRunRows(context, run, cursor, 0, []);
  const { request, options } = context;
  const deadline = Date.now() + (options.reportWaitMs ?? 10_000);
  let waitMs = options.reportPollMs ?? 250;
  let requests = 0;
  let usage: UsageReading[] = [];
  for (;;) {
    let status: z.output<typeof runStatus>;
    try {
      const polled = await graphGet({
        ...common(context),
        path: `/${GRAPH_VERSION}/${run}`,
        schema: runStatus,
        timeoutMs: options.timeoutMs,
      });
      requests += polled.requests;
      usage = polled.usage.length > 0 ? polled.usage : usage;
      status = polled.body;
    } catch (error) {
      // A run Graph no longer knows (expired) is asked again, counted as a failure.
      if (isProviderError(error) && error.kind === 'permanent') {
        return retryOrSplit(context, cursor, requests, usage, 'is gone');
      }
      throw error;
    }
    if (status.async_status === 'Job Completed') {
      return readRunRows(context, run, cursor, requests, usage);
    }
    if (status.async_status === 'Job Failed' || status.async_status === 'Job Skipped') {
      if (status.error_subcode === TOO_MANY_ROWS_SUBCODE) throw tooLarge(context, 'too many rows');
      return retryOrSplit(context, cursor, requests, usage, `ended "${status.async_status}"`);
    }
    const percent = Math.round(status.async_percent_completion ?? 0);
    if (Date.now() + waitMs > deadline) {
      return {
        records: [],
        nextCursor: cursor,
        usage,
        requests,
        itemLabel: `Insights report ${percent}% (${status.async_status})`,
      };
    }
    await sleep(waitMs, request.signal);
    waitMs = Math.min(waitMs * 2, 5_000);
  }
}

async function readRunRows(
  context: InsightsContext,
  run: string,
  cursor: AsyncCursor,
  requestsSoFar: number,
  usageSoFar: UsageReading[],
): Promise<PageResult> {
  const { request, options } = context;
  const { body, usage, requests } = await graphGet({
    ...common(context),
    path: `/${GRAPH_VERSION}/${run}/insights`,
    query: { limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE), after: cursor.after },
    schema: insightsList(context.idField),
    timeoutMs: options.timeoutMs,
  });
  const next = nextAfter(body.paging);
  return {
    records: insightRecords(context, body.data),
    nextCursor: next ? { run, after: next, failures: cursor.failures } : null,
    usage: usage.length > 0 ? usage : usageSoFar,
    requests: requestsSoFar + requests,
    itemLabel: 'Insights report 100%',
  };
}

function retryOrSplit(
  context: InsightsContext,
  cursor: AsyncCursor,
  requests: number,
  usage: UsageReading[],
  why: string,
): PageResult {
  const failures = cursor.failures + 1;
  if (failures >= MAX_RUN_FAILURES) {
    throw tooLarge(context, `report run ${cursor.run} ${why}, ${failures} runs failed`);
  }
  // The next page queues a fresh run.
  return {
    records: [],
    nextCursor: { failures },
    usage,
    requests,
    itemLabel: `Insights report ${why}; asking again`,
  };
}

/** Reported as too large, so the engine halves the chunk (entities first, then days). */
function tooLarge(context: InsightsContext, why: string): ProviderError {
  const endpoint = `/${GRAPH_VERSION}/${context.request.accountId}/insights`;
  return new ProviderError(`FACEBOOK_ADS ${endpoint}: async insights report: ${why}`, {
    provider: 'FACEBOOK_ADS',
    kind: 'request_too_large',
    endpoint,
  });
}

function common(context: InsightsContext) {
  const { request } = context;
  return {
    provider: 'FACEBOOK_ADS' as const,
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    accessToken: request.credentials.accessToken,
    usageKey: rateBudgetKey('FACEBOOK_ADS', request.accountId, 'ads_insights'),
    signal: request.signal,
  };
}
