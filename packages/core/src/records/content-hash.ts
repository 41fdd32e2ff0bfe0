import { createHash, hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** Hash of a record's data, independent of key order: decides updated vs unchanged. */
export function contentHash(data: unknown): string {
  return canonicalHash(canonicalJson(data));
}

/**
 * contentHash of data whose canonical JSON is already at hand (the bulk upsert sends that text
 * as the stored data too). One-shot `crypto.hash`: half the CPU of a Hash object per record.
 */
export function canonicalHash(canonical: string): string {
  return hash('sha256', canonical, 'hex').slice(0, 32);
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
