/**
 * Reads the default sandbox Page (page_2001, 1,000 conversations) end to end over real HTTP
 * and prints requests, records and throughput. Run:
 *   npx -y pnpm@10.34.8 exec tsx packages/connectors/src/facebook-pages/testing/bench-full-read.ts
 */

import { startPagesSandboxServer } from '@tributary/sandbox/testing';
import { facebookPagesConnector } from '../connector.ts';
import { byStream, readChunk } from './read-chunk.ts';

const server = await startPagesSandboxServer(1);
const context = {
  provider: 'FACEBOOK_PAGES' as const,
  accountId: 'page_2001',
  baseUrl: server.baseUrl,
  allowedOrigins: [new URL(server.baseUrl).origin],
  credentials: { accessToken: 'EAAB-bench' },
};
try {
  for (const latencyMs of [0, 20]) {
    await server.admin('POST', 'reset', { seed: 1 });
    await server.admin('PUT', 'faults', { latencyMs });
    const started = performance.now();
    const read = await readChunk(facebookPagesConnector, context, {
      stream: 'conversations',
      kind: 'conversations',
    });
    const seconds = (performance.now() - started) / 1000;
    const counts = Object.fromEntries(
      [...byStream(read.records)].map(([stream, records]) => [stream, records.size]),
    );
    console.log(
      JSON.stringify({
        latencyMs,
        seconds: Number(seconds.toFixed(2)),
        pages: read.pages,
        requests: read.requests,
        records: read.records.length,
        recordsPerSecond: Math.round(read.records.length / seconds),
        ...counts,
      }),
    );
  }
} finally {
  await server.close();
}
