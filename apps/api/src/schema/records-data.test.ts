// A record's data reaches the client as the JSON value stored, over HTTP and graphql-ws alike,
// whatever it holds (quotes, escapes, unicode, numbers, text that looks like a marker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Harness, startHarness } from '../testing/api-harness.ts';
import { globalId } from './ids.ts';

let h: Harness;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  h = await startHarness();
  ({ key, workspaceId } = await h.workspace('A'));
});
afterAll(() => h.close());

const DATA = {
  id: 'c1',
  name: 'Quotes " and \\ backslashes, tabs\t, é, 日本, 🙂',
  spend: 2.5,
  big: 12345678901,
  nested: { list: [1, null, true, { deep: [[]] }], empty: {} },
  escapedNul: '\\u0000abc:0',
};
const QUERY = `query($c: ID!) { records(connectionId: $c, stream: "campaigns") {
  edges { node { externalId data } } } }`;

type Result = { records: { edges: { node: { externalId: string; data: unknown } }[] } };

describe('Record.data', () => {
  it('is the stored JSON value over HTTP and over graphql-ws, with several records a page', async () => {
    const connection = await h.connection(workspaceId);
    for (const [id, data] of [
      ['c1', DATA],
      ['c2', [1, 'two']],
      ['c3', 'a string'],
    ] as const) {
      await h.pool.query(
        `INSERT INTO records (connection_id, stream, external_id, data, content_hash)
         VALUES ($1, 'campaigns', $2, $3, md5($2))`,
        [connection, id, JSON.stringify(data)],
      );
    }
    const expected = [
      { externalId: 'c1', data: DATA },
      { externalId: 'c2', data: [1, 'two'] },
      { externalId: 'c3', data: 'a string' },
    ];
    const variables = { c: globalId('Connection', connection) };
    const http = await h.gql<Result>(key, QUERY, variables);
    expect(http.errors).toBeUndefined();
    expect(http.data!.records.edges.map((e) => e.node)).toEqual(expected);
    const [ws] = await collect<Result>(h.wsClient(key), QUERY, variables, 1).done;
    expect(ws!.records.edges.map((e) => e.node)).toEqual(expected);
  });
});
