import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { authenticate } from '../auth/bearer-key.ts';
import { type ApiContext, type ApiServices, callerContext } from '../context.ts';
import { ANONYMOUS_CALLER, isIntrospectionOnly } from './introspection-only.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (message: string, code: string) => ({
  errors: [{ message, extensions: { code } }],
});

/** POST/GET /graphql: authenticate, bound the body, hand the request to Apollo. */
export async function handleGraphqlHttp(
  req: IncomingMessage,
  res: ServerResponse,
  apollo: ApolloServer<ApiContext>,
  services: ApiServices,
  maxBodyBytes: number,
  maxTokens: number,
): Promise<void> {
  const authenticated = await authenticate(services.pool, req.headers.authorization);
  let raw = '';
  try {
    raw = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendJson(res, 413, errorBody(error.message, 'PAYLOAD_TOO_LARGE'), { connection: 'close' });
      return;
    }
    throw error;
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, errorBody('The request body is not valid JSON', 'BAD_REQUEST'));
      return;
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query =
    req.method === 'POST'
      ? (body as { query?: unknown } | null)?.query
      : url.searchParams.get('query');
  // A key was sent: it must be valid even for introspection, so a bad key never looks good.
  const caller =
    authenticated ??
    (req.headers.authorization === undefined && isIntrospectionOnly(query, maxTokens)
      ? ANONYMOUS_CALLER
      : null);
  if (!caller) {
    sendJson(
      res,
      401,
      errorBody('A valid API key is required: send Authorization: Bearer <key>', 'UNAUTHENTICATED'),
      { 'www-authenticate': 'Bearer' },
    );
    return;
  }
  const wait = services.requestBudget.take(caller.apiKeyId);
  if (wait > 0) {
    sendJson(
      res,
      429,
      errorBody(`Too many requests for this API key; retry in ${wait} s`, 'RATE_LIMITED'),
      { 'retry-after': String(wait) },
    );
    return;
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => callerContext(caller, services),
  });
  const outHeaders: Record<string, string> = {};
  for (const [name, value] of response.headers) outHeaders[name] = value;
  res.writeHead(response.status ?? 200, outHeaders);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
