import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, readChunkToEnd } from '../testing/read-chunk-to-end.ts';
import { createFacebookAdsConnector } from './connector.ts';
import { STRUCTURE_STREAMS } from './fields.ts';

let sandbox: SandboxServer;
beforeAll(async () => {
  sandbox = await startSandboxServer();
});
afterAll(() => sandbox.close());

describe('the default act_1001 account', () => {
  it('has the documented structure and 100k–200k daily insight rows; reads equal the truth', async () => {
    const admin = sandboxAdmin(sandbox.url);
    const counts: Record<string, number> = {};
    for (const stream of [...STRUCTURE_STREAMS, 'ad_insights_daily']) {
      counts[stream] = (await admin.truth('FACEBOOK_ADS', 'act_1001', stream)).count;
    }
    console.log('act_1001 truth counts', counts);
    expect(counts).toMatchObject({ campaigns: 351, adsets: 700, ads: 1000 });
    expect(counts.ad_insights_daily).toBeGreaterThan(100_000);
    expect(counts.ad_insights_daily).toBeLessThan(200_000);

    const connector = createFacebookAdsConnector();
    const context = {
      provider: 'FACEBOOK_ADS' as const,
      accountId: 'act_1001',
      baseUrl: sandbox.providers.FACEBOOK_ADS,
      allowedOrigins: [new URL(sandbox.providers.FACEBOOK_ADS).origin],
      credentials: { accessToken: 'token' },
    };
    const started = performance.now();
    let pages = 0;
    for (const stream of STRUCTURE_STREAMS) {
      const { records, stats } = await readChunkToEnd(connector, {
        ...context,
        chunk: { stream, kind: 'structure' },
        pageSize: 100,
      });
      pages += stats.pages;
      expect(digestOf(records)).toEqual(await admin.truth('FACEBOOK_ADS', 'act_1001', stream));
    }
    console.log(
      `read all act_1001 structure (${pages} pages of 100) in ${(performance.now() - started).toFixed(0)} ms`,
    );
  });
});
