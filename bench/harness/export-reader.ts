/**
 * An integrator's export client in its own process: pages a stream over HTTP following
 * endCursor and prints `{ read, ms, pageMs }` as JSON. Its own process because a client's
 * fetch and JSON parsing are not the API's work: read in the bench process, they took a fifth
 * of the CPU the export was measured with, on the same event loop as the server.
 * argv: apiUrl, key, connectionId, query (with $c and $a).
 */
const [apiUrl, key, connectionId, query] = process.argv.slice(2);
if (!apiUrl || !key || !connectionId || !query) {
  console.error('usage: export-reader <apiUrl> <key> <connectionId> <query>');
  process.exit(2);
}
type Page = {
  data?: {
    records: { edges: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
  };
  errors?: unknown;
};
const pageMs: number[] = [];
let after: string | null = null;
let read = 0;
const started = performance.now();
for (;;) {
  const pageStarted = performance.now();
  const response = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables: { c: connectionId, a: after } }),
  });
  const body = (await response.json()) as Page;
  if (!body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  pageMs.push(performance.now() - pageStarted);
  read += body.data.records.edges.length;
  after = body.data.records.pageInfo.endCursor;
  if (!body.data.records.pageInfo.hasNextPage) break;
}
process.stdout.write(JSON.stringify({ read, ms: performance.now() - started, pageMs }));
