import { TOO_MANY_ROWS } from '../facebook-graph/graph-error-bodies.ts';
import { dayString } from '../facebook-graph/graph-time.ts';
import { hash32 } from '../shared/random.ts';
import type { FaultSettings } from '../shared/types.ts';
import type { AdAccount } from './ad-account.ts';
import { countQueryRows, type InsightsQuery } from './insights-query.ts';

/**
 * Async insights report runs (AdReportRun): `POST /act_{id}/insights` queues a job and answers
 * `{report_run_id}`; `GET /{report_run_id}` reports `async_status` (Job Not Started, Job Started,
 * Job Running, Job Completed, Job Failed, Job Skipped) and `async_percent_completion`; once
 * completed, `GET /{report_run_id}/insights` pages its rows with cursors.
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices ("Asynchronous jobs")
 * https://developers.facebook.com/docs/marketing-api/reference/ad-report-run
 *
 * Runs take `asyncJobMs`; `asyncFailRate` / `asyncSkipRate` end a share of them Failed /
 * Skipped, and a run of more rows than `asyncInsightsRowLimit` ends Failed with 100/1487534.
 * From v25.0 a failed run carries `error_code`, `error_subcode`, `error_message`,
 * `error_user_title`, `error_user_msg`; older versions say only "Job Failed".
 * https://developers.facebook.com/blog/post/2026/01/08/enhanced-error-messaging-for-ads-insights-async-api/
 */
export type ReportRun = {
  id: string;
  accountId: string;
  query: InsightsQuery;
  createdMs: number;
  durationMs: number;
  outcome: 'Job Completed' | 'Job Failed' | 'Job Skipped';
  tooManyRows: boolean;
};

/** How long a run takes when `asyncJobMs` is not set. */
export const DEFAULT_ASYNC_JOB_MS = 300;
/** Error-detail fields on a failed run exist from this Graph version on. */
const ERROR_FIELDS_SINCE = 25;

export class ReportRuns {
  private runs = new Map<string, ReportRun>();
  private seq = 0;

  clear(): void {
    this.runs.clear();
    this.seq = 0;
  }

  create(
    seed: number,
    account: AdAccount,
    query: InsightsQuery,
    today: number,
    nowMs: number,
    faults: Readonly<FaultSettings> | undefined,
  ): ReportRun {
    const seq = ++this.seq;
    const id = `6${account.numericId.padStart(6, '0')}${String(seq).padStart(9, '0')}`;
    const limit = faults?.asyncInsightsRowLimit;
    const tooManyRows = limit !== undefined && countQueryRows(query, today) > limit;
    const draw = hash32(seed, 'report-run', id) / 4_294_967_296;
    const failRate = faults?.asyncFailRate ?? 0;
    const skipRate = faults?.asyncSkipRate ?? 0;
    const outcome =
      tooManyRows || draw < failRate
        ? 'Job Failed'
        : draw < failRate + skipRate
          ? 'Job Skipped'
          : 'Job Completed';
    const run: ReportRun = {
      id,
      accountId: account.id,
      query,
      createdMs: nowMs,
      durationMs: faults?.asyncJobMs ?? DEFAULT_ASYNC_JOB_MS,
      outcome,
      tooManyRows,
    };
    this.runs.set(id, run);
    return run;
  }

  get(id: string): ReportRun | undefined {
    return this.runs.get(id);
  }
}

/** Status and percent at `nowMs`: not started, started, running in steps, then the outcome. */
export function runStatus(run: ReportRun, nowMs: number): { status: string; percent: number } {
  const share = run.durationMs === 0 ? 1 : (nowMs - run.createdMs) / run.durationMs;
  if (share >= 1)
    return { status: run.outcome, percent: run.outcome === 'Job Completed' ? 100 : 0 };
  if (share < 0.1) return { status: 'Job Not Started', percent: 0 };
  if (share < 0.2) return { status: 'Job Started', percent: 0 };
  return { status: 'Job Running', percent: Math.floor(share * 100) };
}

/** `GET /{report_run_id}` as the AdReportRun node answers it. */
export function reportRunJson(
  run: ReportRun,
  account: AdAccount,
  nowMs: number,
  graphVersion: number,
): Record<string, unknown> {
  const { status, percent } = runStatus(run, nowMs);
  const done = status === 'Job Completed' || status === 'Job Failed' || status === 'Job Skipped';
  const body: Record<string, unknown> = {
    id: run.id,
    account_id: account.numericId,
    async_status: status,
    async_percent_completion: percent,
    date_start: dayString(run.query.sinceDay),
    date_stop: dayString(run.query.untilDay),
    time_ref: Math.floor(run.createdMs / 1000),
    is_running: !done,
  };
  if (done) body.time_completed = Math.floor((run.createdMs + run.durationMs) / 1000);
  if (status === 'Job Failed' && graphVersion >= ERROR_FIELDS_SINCE) {
    Object.assign(
      body,
      run.tooManyRows
        ? {
            error_code: TOO_MANY_ROWS.code,
            error_subcode: TOO_MANY_ROWS.error_subcode,
            error_message: TOO_MANY_ROWS.message,
            error_user_title: TOO_MANY_ROWS.error_user_title,
            error_user_msg: TOO_MANY_ROWS.error_user_msg,
          }
        : {
            error_code: -2,
            error_subcode: 2490547,
            error_message: 'Generating the report failed. Try again later.',
            error_user_title: 'Report Failed',
            error_user_msg: 'Generating the report failed. Try again later.',
          },
    );
  }
  return body;
}
