import { type Pool, withTransaction } from '../pool.ts';
import { openSecret, SecretOpenError, sealSecret } from './seal-secret.ts';
import { KEY_ID_BYTES, keyIdOf, type SecretKeyring } from './secret-keys.ts';

export type RotationReport = {
  /** Credentials re-sealed under the current key by this run. */
  rotated: number;
  /** Credentials that were sealed under the current key already. */
  alreadyCurrent: number;
  /** Connections whose credentials no configured key opens (left untouched). */
  unreadable: string[];
  batches: number;
};

/**
 * Re-seals every connection's credentials under the current key, in batches of `batchSize`
 * rows, each batch one transaction holding its rows' locks (a worker storing refreshed tokens
 * meanwhile waits, and its value is the one re-sealed). Walks by id, so an unreadable row is
 * reported once rather than retried forever; running it again only touches what is left.
 */
export async function rotateSecrets(
  pool: Pool,
  keys: SecretKeyring,
  options: { batchSize?: number; onBatch?: (report: RotationReport) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  // Version byte 2 and the current key's id: values that start with it need nothing.
  const currentPrefix = Buffer.concat([Buffer.from([2]), keyIdOf(keys.current)]);
  const report: RotationReport = { rotated: 0, alreadyCurrent: 0, unreadable: [], batches: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const count = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string; credentials: Buffer }>(
        `SELECT id, credentials FROM connections
          WHERE id > $1 AND substring(credentials FROM 1 FOR $2) <> $3
          ORDER BY id LIMIT $4 FOR UPDATE`,
        [after, 1 + KEY_ID_BYTES, currentPrefix, batchSize],
      );
      for (const row of rows) {
        let plaintext: string;
        try {
          plaintext = openSecret(keys, row.credentials);
        } catch (error) {
          if (!(error instanceof SecretOpenError)) throw error;
          report.unreadable.push(row.id);
          continue;
        }
        await tx.query('UPDATE connections SET credentials = $2 WHERE id = $1', [
          row.id,
          sealSecret(keys, plaintext),
        ]);
        report.rotated++;
      }
      if (rows.length > 0) after = rows.at(-1)!.id;
      return rows.length;
    });
    if (count === 0) break;
    report.batches++;
    options.onBatch?.({ ...report });
    if (count < batchSize) break;
  }
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM connections WHERE substring(credentials FROM 1 FOR $1) = $2',
    [1 + KEY_ID_BYTES, currentPrefix],
  );
  report.alreadyCurrent = rows[0]!.n - report.rotated;
  return report;
}
