// Placeholder entry until the engine lands: proves the database is reachable and stays up.
import { createPool } from '@tributary/db';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('worker: DATABASE_URL is not set');
  process.exit(1);
}
const pool = createPool(url, 2);
await pool.query('SELECT 1');
const timer = setInterval(() => {}, 60_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    clearInterval(timer);
    void pool.end().then(() => process.exit(0));
  });
}
