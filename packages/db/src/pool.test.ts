import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from './pool.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('createPool', () => {
  it('survives the server ending the session of a checked-out client (57P01, as a restart does)', async () => {
    const pool = createPool(db.url, 2);
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((done) => client.once('end', done));
    // Between two queries of a transaction: no query to hand the error to. Unheard, the
    // client's 'error' event is an uncaught exception that ends the process (and this run).
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release();
    // The broken client was discarded: the pool's next query gets a fresh connection.
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await pool.end();
  });
});
