import {
  type ConnectionContext,
  contentHash,
  recordsDigest,
  type SourceRecord,
} from '@tributary/core';
import { microsoftMailConnector } from '../connector.ts';
import { type ChunkRun, readChunk } from './read-chunk.ts';

const WINDOW_MS = 90 * 86_400_000;

/** [from, to) cut into 90-day windows, newest first, the last one ending exactly at `from`. */
export function tileWindows(from: Date, to: Date): { windowStart: Date; windowEnd: Date }[] {
  const windows = [];
  for (let end = to.getTime(); end > from.getTime(); end -= WINDOW_MS) {
    windows.push({
      windowStart: new Date(Math.max(from.getTime(), end - WINDOW_MS)),
      windowEnd: new Date(end),
    });
  }
  return windows;
}

export type MailboxRead = { folders: SourceRecord[]; messages: SourceRecord[]; runs: ChunkRun[] };

export async function accountCreatedAt(context: ConnectionContext): Promise<Date> {
  const account = await microsoftMailConnector.describeAccount({
    ...context,
    signal: AbortSignal.timeout(10_000),
  });
  return account.createdAt;
}

/** All folders, then every folder's messages by windows tiling [createdAt, now). */
export async function readWholeMailbox(
  context: ConnectionContext,
  pageSize: number,
  createdAt: Date,
): Promise<MailboxRead> {
  const folderRun = await readChunk(
    microsoftMailConnector,
    context,
    { stream: 'mail_folders', kind: 'folders' },
    { pageSize: 3 },
  );
  const runs = [folderRun];
  const messages: SourceRecord[] = [];
  for (const folder of folderRun.records) {
    for (const window of tileWindows(createdAt, new Date(Date.now() + 1000))) {
      const run = await readChunk(
        microsoftMailConnector,
        context,
        { stream: 'messages', kind: 'window', params: { folderId: folder.externalId }, ...window },
        { pageSize },
      );
      runs.push(run);
      messages.push(...run.records);
    }
  }
  return { folders: folderRun.records, messages, runs };
}

export function digestOf(records: SourceRecord[]): string {
  return recordsDigest(
    records.map((r) => ({ externalId: r.externalId, contentHash: contentHash(r.data) })),
  );
}
