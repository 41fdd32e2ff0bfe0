/**
 * `pnpm rotate-secrets`: re-seals every connection's credentials under TRIBUTARY_SECRET_KEY.
 * Rotating: set the new key as TRIBUTARY_SECRET_KEY and the old one in
 * TRIBUTARY_SECRET_KEYS_OLD for the API and worker (both keep working), run this, then drop
 * the old key. Exits 1 if some credentials open with none of the configured keys.
 */
import {
  ConfigError,
  createPool,
  loadSecretKeyring,
  openDatabase,
  readDbEnv,
  rotateSecrets,
} from '@tributary/db';

async function main(): Promise<number> {
  const dbEnv = readDbEnv();
  const keys = loadSecretKeyring({ env: process.env, dataDir: dbEnv.dataDir });
  const database = await openDatabase(dbEnv);
  const pool = createPool(database.url, 2);
  try {
    const batchSize = Number(process.env.ROTATE_BATCH_SIZE ?? 500);
    const report = await rotateSecrets(pool, keys, {
      batchSize: Number.isInteger(batchSize) && batchSize > 0 ? batchSize : 500,
      onBatch: (so) =>
        console.log(`rotate-secrets: batch ${so.batches}: ${so.rotated} re-sealed so far`),
    });
    console.log(
      `rotate-secrets: rotated=${report.rotated} already-current=${report.alreadyCurrent} unreadable=${report.unreadable.length} batches=${report.batches}`,
    );
    for (const id of report.unreadable) {
      console.error(`rotate-secrets: connection ${id}: no configured key opens its credentials`);
    }
    return report.unreadable.length > 0 ? 1 : 0;
  } finally {
    await pool.end();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `rotate-secrets: ${error instanceof ConfigError ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
