import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * GET /graphql from a browser: GraphiQL, built into the dashboard (apps/web/graphiql.html,
 * bundled with its editor and workers, so nothing is fetched from elsewhere). It takes the
 * key the signed-in dashboard stored on this origin. Without a built dashboard the page
 * says how to get one instead of offering a key field.
 */
export async function sendExplorerPage(webDist: string | undefined, res: ServerResponse) {
  const page = webDist
    ? await readFile(join(webDist, 'graphiql.html'), 'utf8').catch(() => null)
    : null;
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' })
    .end(page ?? NOT_BUILT);
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tributary GraphQL</title></head>
<body style="font:15px system-ui,sans-serif;margin:2em">
<h1>Tributary GraphQL</h1>
<p>The explorer (GraphiQL) is part of the dashboard build, which this server was started without.
<code>pnpm start</code> builds and serves it; the schema is at <a href="/schema.graphql">/schema.graphql</a>.</p>
</body></html>`;
