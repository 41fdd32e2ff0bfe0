-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('FACEBOOK_ADS', 'FACEBOOK_PAGES', 'MICROSOFT_MAIL');
CREATE TYPE "ConnectionStatus" AS ENUM ('ACTIVE', 'NEEDS_REAUTH', 'DISABLED');
CREATE TYPE "SyncMode" AS ENUM ('INITIAL', 'INCREMENTAL', 'FULL_RESYNC', 'CUSTOM_RANGE');
CREATE TYPE "SyncPhase" AS ENUM ('RECENT', 'HISTORICAL', 'INCREMENTAL', 'CUSTOM');
CREATE TYPE "SyncJobStatus" AS ENUM ('PENDING', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED');
CREATE TYPE "ChunkStatus" AS ENUM ('PENDING', 'RUNNING', 'RATE_LIMITED', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "SyncEventKind" AS ENUM ('PROGRESS', 'STATUS_CHANGED', 'PHASE_COMPLETED', 'CHUNK_RETRYING', 'CHUNK_FAILED', 'RATE_LIMITED', 'TIME_BUDGET_CHECKPOINT', 'CHUNK_SPLIT', 'CHUNK_STALLED', 'AUTH_EXPIRED');

-- CreateSequence (records.seq: the readers' stable paging order)
CREATE SEQUENCE "records_seq_seq";

-- CreateTable
CREATE TABLE "workspaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "connections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "provider" "Provider" NOT NULL,
    "external_account_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "credentials" BYTEA NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'ACTIVE',
    "status_message" TEXT,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "account_created_at" TIMESTAMPTZ(3),
    "schedule_minutes" INTEGER NOT NULL DEFAULT 1440,
    "next_sync_at" TIMESTAMPTZ(3),
    "last_sync_at" TIMESTAMPTZ(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "stream_states" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" UUID NOT NULL,
    "stream" TEXT NOT NULL,
    "cursor" JSONB,
    "watermark" TIMESTAMPTZ(3),
    "last_synced_at" TIMESTAMPTZ(3),
    "full_sync_completed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stream_states_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "mode" "SyncMode" NOT NULL,
    "phase" "SyncPhase" NOT NULL,
    "status" "SyncJobStatus" NOT NULL DEFAULT 'PENDING',
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "streams" TEXT[],
    "priority" INTEGER NOT NULL DEFAULT 0,
    "stage" TEXT NOT NULL DEFAULT 'PLAN',
    "root_job_id" UUID,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "previous_phase_id" UUID,
    "items_processed" INTEGER NOT NULL DEFAULT 0,
    "items_estimated" INTEGER,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "events" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "throughput_per_second" DOUBLE PRECISION,
    "last_progress_at" TIMESTAMPTZ(3),
    "current_activity" TEXT,
    "current_item_label" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_jobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_chunks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT,
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "entity_ids" TEXT[],
    "input_cursor" JSONB,
    "checkpoint" JSONB,
    "status" "ChunkStatus" NOT NULL DEFAULT 'PENDING',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "run_after" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_code" TEXT,
    "pages_fetched" INTEGER NOT NULL DEFAULT 0,
    "items_processed" INTEGER NOT NULL DEFAULT 0,
    "items_estimated" INTEGER,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "events" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "checkpoint_advanced_at" TIMESTAMPTZ(3),
    "stalled_leases" INTEGER NOT NULL DEFAULT 0,
    "parent_chunk_id" UUID,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_chunks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "records" (
    "id" BIGSERIAL NOT NULL,
    "connection_id" UUID NOT NULL,
    "stream" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT nextval('records_seq_seq'::regclass),
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),
    "last_seen_job_id" UUID,
    CONSTRAINT "records_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_events" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "chunk_id" UUID,
    "kind" "SyncEventKind" NOT NULL,
    "message" TEXT,
    "data" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rate_budgets" (
    "key" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "usage" JSONB NOT NULL DEFAULT '{}',
    "window_start" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_count" INTEGER NOT NULL DEFAULT 0,
    "blocked_until" TIMESTAMPTZ(3),
    "next_slot_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rate_budgets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_workspace_id_idx" ON "api_keys"("workspace_id");
CREATE INDEX "connections_status_next_sync_at_idx" ON "connections"("status", "next_sync_at");
CREATE UNIQUE INDEX "connections_workspace_id_provider_external_account_id_key" ON "connections"("workspace_id", "provider", "external_account_id");
CREATE UNIQUE INDEX "stream_states_connection_id_stream_key" ON "stream_states"("connection_id", "stream");
CREATE UNIQUE INDEX "sync_jobs_previous_phase_id_key" ON "sync_jobs"("previous_phase_id");
CREATE INDEX "sync_jobs_connection_id_status_idx" ON "sync_jobs"("connection_id", "status");
CREATE INDEX "sync_jobs_workspace_id_created_at_idx" ON "sync_jobs"("workspace_id", "created_at");
CREATE INDEX "sync_jobs_status_finished_at_idx" ON "sync_jobs"("status", "finished_at");
CREATE INDEX "sync_chunks_status_lease_expires_at_idx" ON "sync_chunks"("status", "lease_expires_at");
CREATE INDEX "sync_chunks_connection_id_status_idx" ON "sync_chunks"("connection_id", "status");
CREATE INDEX "sync_chunks_job_id_status_priority_idx" ON "sync_chunks"("job_id", "status", "priority");
CREATE UNIQUE INDEX "sync_chunks_job_id_index_key" ON "sync_chunks"("job_id", "index");
CREATE INDEX "records_connection_id_stream_modified_at_idx" ON "records"("connection_id", "stream", "modified_at");
CREATE INDEX "records_connection_id_stream_seq_idx" ON "records"("connection_id", "stream", "seq");
CREATE UNIQUE INDEX "records_connection_id_stream_external_id_key" ON "records"("connection_id", "stream", "external_id");
CREATE INDEX "sync_events_job_id_id_idx" ON "sync_events"("job_id", "id");
CREATE INDEX "sync_events_workspace_id_at_idx" ON "sync_events"("workspace_id", "at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stream_states" ADD CONSTRAINT "stream_states_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_previous_phase_id_fkey" FOREIGN KEY ("previous_phase_id") REFERENCES "sync_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "sync_chunks" ADD CONSTRAINT "sync_chunks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "records" ADD CONSTRAINT "records_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_events" ADD CONSTRAINT "sync_events_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_events" ADD CONSTRAINT "sync_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
