-- Outage parking: a connection whose provider keeps failing pauses its chunks together and
-- says so with this event kind (the breaker itself lives in rate_budgets.usage).
ALTER TYPE "SyncEventKind" ADD VALUE 'PROVIDER_UNAVAILABLE';

-- Planning retries like chunks: transient failures while planning are counted here (reset
-- when planning finishes) instead of failing the job.
-- plan_run_after is when planning parked for a wait (rate budget, outage, backoff) is queued to
-- run again: upkeep does not re-queue it before then.
ALTER TABLE "sync_jobs" ADD COLUMN "plan_attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sync_jobs" ADD COLUMN "plan_run_after" TIMESTAMPTZ(3);

-- What a long planning walk (mail: one $count per folder and window) has learned so far, so a
-- retried planning continues from there instead of starting over.
ALTER TABLE "sync_jobs" ADD COLUMN "plan_checkpoint" JSONB;
