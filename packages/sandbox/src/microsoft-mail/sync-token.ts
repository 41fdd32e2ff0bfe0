import { z } from 'zod';
import { GraphError } from './graph-error.ts';

/**
 * Delta state travels inside `$skiptoken` / `$deltatoken` as base64url JSON,
 * as opaque to clients as Graph's own tokens. Each names the mailbox epoch it was issued in:
 * after a reset the old state is unknown, exactly like a mailbox whose sync state expired.
 */
const deltaStateSchema = z.object({
  e: z.string(),
  folder: z.string(),
  select: z.array(z.string()).nullable(),
  sinceMs: z.number().nullable(),
  /** `gt` rather than `ge`. */
  sinceExclusive: z.boolean().default(false),
  /** `$orderby=receivedDateTime desc`; otherwise Graph guarantees no order (here: by id). */
  newestFirst: z.boolean().default(false),
  changeType: z.enum(['created', 'updated', 'deleted']).nullable().default(null),
});

const deltaSkipSchema = deltaStateSchema.extend({
  /** Initial round: live items at version ≤ `to`; changes round: versions in (from, to]. */
  phase: z.enum(['initial', 'changes']),
  from: z.number(),
  to: z.number(),
  /** Last item of the previous page: initial [receivedMs, id], changes [version, id]. */
  after: z.tuple([z.number(), z.string()]).nullable(),
  pageSize: z.number(),
});

const deltaTokenSchema = deltaStateSchema.extend({ version: z.number(), issuedMs: z.number() });

export type DeltaSkip = z.output<typeof deltaSkipSchema>;
export type DeltaToken = z.output<typeof deltaTokenSchema>;

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode<T>(raw: string, schema: z.ZodType<T>, epoch: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    return (parsed.data as { e: string }).e === epoch ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function syncStateNotFound(): GraphError {
  return new GraphError(
    410,
    'SyncStateNotFound',
    'The sync state generation is not found or expired. Please restart the synchronization.',
  );
}

export function decodeDeltaSkip(raw: string, epoch: string): DeltaSkip {
  const token = decode(raw, deltaSkipSchema, epoch);
  if (!token) throw syncStateNotFound();
  return token;
}

export function decodeDeltaToken(raw: string, epoch: string): DeltaToken {
  const token = decode(raw, deltaTokenSchema, epoch);
  if (!token) throw syncStateNotFound();
  return token;
}
