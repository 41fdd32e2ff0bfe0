-- The per-row foreign-key check locked the connection row FOR KEY SHARE once per inserted
-- record; two lanes writing one connection turned that into a MultiXact per row (~15% of
-- PostgreSQL's CPU in the engine bench). Page commits now take that lock once per page
-- (commit-page.ts) and deleting a connection removes its remaining records under the row lock
-- (delete-connection-row.ts), so no record can outlive its connection.
ALTER TABLE "records" DROP CONSTRAINT "records_connection_id_fkey";
