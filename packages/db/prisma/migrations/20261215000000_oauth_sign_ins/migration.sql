-- "Sign in, then pick" (issue 12): a flow may start before the account is chosen; its callback
-- then stores the sign-in instead of creating a connection.
ALTER TABLE "oauth_states" ALTER COLUMN "external_account_id" DROP NOT NULL;

-- A finished sign-in whose account is not picked yet: the sealed tokens, usable by the workspace
-- that signed in until they expire (minutes). Only the grant's SHA-256 is stored.
CREATE TABLE "oauth_sign_ins" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "grant_hash" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "provider" "Provider" NOT NULL,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "credentials" BYTEA NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_sign_ins_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "oauth_sign_ins_grant_hash_key" ON "oauth_sign_ins"("grant_hash");
CREATE INDEX "oauth_sign_ins_expires_at_idx" ON "oauth_sign_ins"("expires_at");

ALTER TABLE "oauth_sign_ins" ADD CONSTRAINT "oauth_sign_ins_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
