-- Webhooks (issue 14): endpoints per workspace, an outbox of events written in the same
-- transaction as the state change they announce, and a delivery log with every attempt.

-- An endpoint's signing secret is sealed with the credentials' key (AES-256-GCM, secrets/).
-- After a rotation the previous secret keeps signing beside the new one until
-- previous_secret_expires_at, so receivers can switch without dropping a delivery.
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "secret" BYTEA NOT NULL,
    "previous_secret" BYTEA,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_endpoints_workspace_id_idx" ON "webhook_endpoints"("workspace_id");
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The outbox: one row per event, written by the transaction that changed the state (triggers
-- below, or the worker's stall check). dispatched_at is set by the worker when it has created
-- the event's deliveries and their queue jobs (one transaction), so no event is lost between
-- the state change and the queue.
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_events_dispatched_at_created_at_idx" ON "webhook_events"("dispatched_at", "created_at");
CREATE INDEX "webhook_events_workspace_id_created_at_idx" ON "webhook_events"("workspace_id", "created_at");
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One event to one endpoint. state: PENDING (an attempt is due at next_attempt_at), DELIVERED,
-- FAILED (retries exhausted, or the endpoint answered 410 Gone). lease_until keeps two workers
-- from sending the same delivery at once.
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "redelivery_of" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_deliveries_workspace_id_created_at_idx" ON "webhook_deliveries"("workspace_id", "created_at");
CREATE INDEX "webhook_deliveries_endpoint_id_created_at_idx" ON "webhook_deliveries"("endpoint_id", "created_at");
CREATE INDEX "webhook_deliveries_state_next_attempt_at_idx" ON "webhook_deliveries"("state", "next_attempt_at");
CREATE INDEX "webhook_deliveries_event_id_idx" ON "webhook_deliveries"("event_id");
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every HTTP attempt of a delivery: status code (null when no response), error, duration.
CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_attempts_delivery_id_number_key" ON "webhook_attempts"("delivery_id", "number");
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A stall alert is sent once per stall: again only after the job made progress since.
ALTER TABLE "sync_jobs" ADD COLUMN "stall_alerted_at" TIMESTAMPTZ(3);

-- Writes an event to the outbox when some enabled endpoint of the workspace subscribes to its
-- type (no endpoint, no row), and wakes the worker's dispatcher.
CREATE FUNCTION tributary_emit_webhook_event(workspace UUID, event_type TEXT, payload JSONB)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints
              WHERE workspace_id = workspace AND enabled AND event_type = ANY(events)) THEN
    INSERT INTO webhook_events (workspace_id, type, data) VALUES (workspace, event_type, payload);
    PERFORM pg_notify('tributary_webhook_events', '');
  END IF;
END $$;

-- Triggers, not calls at each site: a job finishes in several places (the last chunk, a cancel,
-- planning failing, a phase not started) and a connection needs re-authorisation from two;
-- a trigger runs inside whichever transaction made the change, so every one is announced.
CREATE FUNCTION tributary_job_webhook_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload JSONB;
BEGIN
  IF NEW.status IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED')
     AND OLD.status NOT IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED') THEN
    payload := jsonb_build_object(
      'jobId', NEW.id, 'connectionId', NEW.connection_id, 'mode', NEW.mode, 'phase', NEW.phase,
      'status', NEW.status, 'error', NEW.error, 'startedAt', NEW.started_at,
      'finishedAt', COALESCE(NEW.finished_at, now()), 'itemsProcessed', NEW.items_processed,
      'inserted', NEW.inserted, 'updated', NEW.updated, 'unchanged', NEW.unchanged,
      'deleted', NEW.deleted, 'skipped', NEW.skipped);
    PERFORM tributary_emit_webhook_event(NEW.workspace_id, 'sync.job.finished', payload);
    IF NEW.phase = 'RECENT' AND NEW.status IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS') THEN
      PERFORM tributary_emit_webhook_event(NEW.workspace_id, 'sync.recent.ready', payload);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "sync_jobs_webhook_events" AFTER UPDATE OF "status" ON "sync_jobs"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION tributary_job_webhook_events();

CREATE FUNCTION tributary_connection_webhook_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tributary_emit_webhook_event(NEW.workspace_id, 'connection.needs_reauth',
    jsonb_build_object('connectionId', NEW.id, 'provider', NEW.provider,
      'externalAccountId', NEW.external_account_id, 'displayName', NEW.display_name,
      'message', NEW.status_message));
  RETURN NULL;
END $$;

CREATE TRIGGER "connections_webhook_events" AFTER UPDATE OF "status" ON "connections"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'NEEDS_REAUTH')
  EXECUTE FUNCTION tributary_connection_webhook_events();
