-- Progress that moves inside a chunk and never goes backwards (issue 12).
-- progress_share: the share of its own work a chunk has read, when its connector can tell from
-- its position (Messenger: how far back in its window the last conversation reached). It sizes
-- chunks no provider count covers.
ALTER TABLE "sync_chunks" ADD COLUMN "progress_share" DOUBLE PRECISION;
-- percent_floor: the highest percent the API has shown for the job; estimates that grow later
-- hold the bar still instead of moving it back.
ALTER TABLE "sync_jobs" ADD COLUMN "percent_floor" DOUBLE PRECISION NOT NULL DEFAULT 0;
