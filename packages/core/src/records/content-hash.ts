import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** Hash of a record's data, independent of key order: decides updated vs unchanged. */
export function contentHash(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 32);
}

/**
 * Digest of a set of live records, as `/__sandbox/truth` reports it: SHA-256 over the
 * sorted lines `externalId <content hash>`. Equal digests mean the same ids with the same data.
 */
export function recordsDigest(
  records: Iterable<{ externalId: string; contentHash: string }>,
): string {
  const lines = [...records].map((r) => `${r.externalId} ${r.contentHash}`).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}
