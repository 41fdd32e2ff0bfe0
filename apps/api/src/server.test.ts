import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './testing/api-harness.ts';

let h: Harness;
let a: { workspaceId: string; key: string; apiKeyId: string };

beforeAll(async () => {
  h = await startHarness({ rateLimit: { capacity: 5, perSecond: 0.001 } });
  a = await h.workspace('A');
});
afterAll(() => h.close());

describe('HTTP surface', () => {
  it('rejects an oversized body with 413 before parsing it', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.key}` },
      body: JSON.stringify({ query: `{ viewer { name } } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('rejects a deeply nested query before running it', async () => {
    const chain = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'nextPhase' : 'previousPhase'));
    const deep = `{ syncJobs { edges { node { ${chain.join(' { ')} { id ${' }'.repeat(chain.length)} } } } }`;
    const res = await h.gql(a.key, deep);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('rejects a query that could return too much', async () => {
    const wide = `{ syncJobs(first: 100) { edges { node { chunks(first: 500) { edges { node { id stream kind status attempts } } } } } } }`;
    const res = await h.gql(a.key, wide);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers wrong argument types with a validation error', async () => {
    const res = await h.gql(a.key, '{ connections(first: "ten") { edges { cursor } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('limits mutations per key and says when to retry', async () => {
    const b = await h.workspace('B');
    const mutation =
      'mutation { createApiKey(name: "x") { __typename ... on RateLimitedError { retryAfterSeconds } } }';
    const results: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await h.gql(b.key, mutation);
      results.push(res.data?.createApiKey.__typename);
    }
    expect(results).toEqual([...Array(5).fill('CreateApiKeySuccess'), 'RateLimitedError']);
    // Another key is not affected.
    expect((await h.gql(a.key, mutation)).data?.createApiKey.__typename).toBe(
      'CreateApiKeySuccess',
    );
  });

  it('serves health, readiness, the schema and an explorer page', async () => {
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/ready`)).json()).toEqual({ status: 'ready' });
    expect(await (await fetch(`${h.url}/schema.graphql`)).text()).toContain(
      'type SyncJob implements Node',
    );
    // Without a built dashboard the explorer page says how to get GraphiQL; it never asks for a key.
    const page = await (
      await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toContain('Tributary GraphQL');
    expect(page).toContain('pnpm start');
    expect(page).not.toContain('<input');
  });
});
