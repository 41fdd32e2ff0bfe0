import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';

const APP = 'https://app.example.com';
let h: Harness;
let key: string;

beforeAll(async () => {
  h = await startHarness({ corsOrigins: [APP] });
  ({ key } = await h.workspace('A'));
});
afterAll(() => h.close());

const preflight = (origin: string) =>
  fetch(`${h.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin before authentication', async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('lets the allowed origin read answers, errors included', async () => {
    const ok = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(await ok.json()).toEqual({ data: { viewer: { name: 'A' } } });
    const unauthenticated = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('refuses a preflight from any other origin and grants it nothing', async () => {
    const res = await preflight('https://evil.example.com');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example.com',
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
      },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});
