import { PROVIDER_STREAMS } from '@tributary/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { globalId } from './ids.ts';

let h: Harness;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  h = await startHarness();
  ({ key, workspaceId } = await h.workspace('A'));
});
afterAll(() => h.close());

const STREAM_FIELDS = 'name description primaryKey cursorField jsonSchema';
type Stream = {
  name: string;
  description: string;
  primaryKey: string;
  cursorField: string | null;
  jsonSchema: { type: string; properties: Record<string, unknown>; required?: string[] };
};

describe('stream discovery', () => {
  it('lists every provider’s streams with description, key, cursor and a JSON Schema of data', async () => {
    const res = await h.gql<{ providers: { provider: string; streams: Stream[] }[] }>(
      key,
      `{ providers { provider streams { ${STREAM_FIELDS} } } }`,
    );
    expect(res.errors).toBeUndefined();
    const providers = res.data!.providers;
    expect(
      Object.fromEntries(providers.map((p) => [p.provider, p.streams.map((s) => s.name)])),
    ).toEqual(Object.fromEntries(Object.entries(PROVIDER_STREAMS).map(([p, s]) => [p, [...s]])));
    for (const stream of providers.flatMap((p) => p.streams)) {
      expect(stream.description.length, stream.name).toBeGreaterThan(10);
      expect(stream.primaryKey.length, stream.name).toBeGreaterThan(0);
      expect(stream.jsonSchema.type, stream.name).toBe('object');
      // A single-field key and the cursor are fields the schema describes.
      const key = stream.primaryKey.includes(':') ? [] : [stream.primaryKey];
      for (const field of [...key, ...(stream.cursorField ? [stream.cursorField] : [])]) {
        expect(Object.keys(stream.jsonSchema.properties), `${stream.name}.${field}`).toContain(
          field,
        );
      }
    }
    const mail = providers.find((p) => p.provider === 'MICROSOFT_MAIL')!;
    expect(mail.streams.map((s) => s.name)).toContain('mail_folders');
  });

  it('lists a connection’s streams: its provider’s', async () => {
    const connection = await h.connection(workspaceId);
    const res = await h.gql<{ node: { provider: string; streams: Stream[] } }>(
      key,
      `query($c: ID!) { node(id: $c) { ... on Connection { provider streams { name primaryKey } } } }`,
      { c: globalId('Connection', connection) },
    );
    expect(res.data!.node.streams.map((s) => s.name)).toEqual([...PROVIDER_STREAMS.FACEBOOK_ADS]);
  });
});
