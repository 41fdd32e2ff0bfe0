/**
 * Benchmark: the default 5000-message mailbox read over real HTTP by 90-day windows per folder,
 * then one delta round per folder. Prints numbers; asserts nothing.
 * Run: npx -y pnpm@10.34.8 exec tsx packages/connectors/src/microsoft-mail/test-support/bench-full-read.ts
 */
import type { ConnectionContext } from '@tributary/core';
import { startMailSandboxHarness } from '@tributary/sandbox/testing';
import { microsoftMailConnector } from '../connector.ts';
import { readChunk } from './read-chunk.ts';
import { accountCreatedAt, digestOf, readWholeMailbox } from './read-mailbox.ts';

const sandbox = await startMailSandboxHarness();
const context: ConnectionContext = {
  provider: 'MICROSOFT_MAIL',
  accountId: 'user_3001',
  baseUrl: sandbox.baseUrl,
  allowedOrigins: [new URL(sandbox.baseUrl).origin],
  credentials: { accessToken: 'bench' },
};
for (const pageSize of [100, 1000]) {
  const served = sandbox.requestsServed();
  const started = performance.now();
  const read = await readWholeMailbox(context, pageSize, await accountCreatedAt(context));
  const ms = performance.now() - started;
  const truth = sandbox.truth('user_3001', 'messages');
  console.log(
    `windows pageSize=${pageSize}: ${read.messages.length} messages in ${ms.toFixed(0)} ms ` +
      `(${((read.messages.length / ms) * 1000).toFixed(0)}/s), ${sandbox.requestsServed() - served} requests, ` +
      `digest ${digestOf(read.messages) === truth.digest ? 'matches' : 'DIFFERS'}`,
  );
}
const started = performance.now();
let delta = 0;
for (const folder of (
  await readChunk(microsoftMailConnector, context, { stream: 'mail_folders', kind: 'folders' })
).records) {
  const run = await readChunk(
    microsoftMailConnector,
    context,
    { stream: 'messages', kind: 'delta', params: { folderId: folder.externalId } },
    { pageSize: 500 },
  );
  delta += run.records.length;
}
console.log(
  `delta round pageSize=500: ${delta} messages in ${(performance.now() - started).toFixed(0)} ms`,
);
await sandbox.close();
