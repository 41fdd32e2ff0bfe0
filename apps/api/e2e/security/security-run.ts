import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  type ApiKeyScope,
  createApiKey,
  createPool,
  createWorkspace,
  type Pool,
  sealCredentials,
} from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type Client, createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { REDACT_PATHS } from '../../src/logger.ts';
import { type ApiServerOptions, createApiServer } from '../../src/server.ts';

export type GqlResult = {
  /** HTTP status; for WebSocket 200 for `next`, 400 for an `error` message. */
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
  /** The response exactly as it came over the wire. */
  text: string;
};

export type Transport = 'http' | 'ws';
export const TRANSPORTS: Transport[] = ['http', 'ws'];

export type SweepWorkspace = {
  name: string;
  workspaceId: string;
  key: string;
  apiKeyId: string;
};

/**
 * One security suite's system: a real API server (HTTP + graphql-ws on one port) on a fresh
 * migrated PostgreSQL, a log captured line by line, and every response recorded, so the suite
 * can end by searching all of them for every secret it used.
 */
export type SecurityRun = {
  url: string;
  pool: Pool;
  secretKey: Buffer;
  /** Every log line the server wrote (debug and up). */
  logs: string[];
  /** Every HTTP response body and WebSocket message/close reason the suite received. */
  responses: string[];
  /** Every secret handed to the system: API keys and provider tokens. */
  secrets: Set<string>;
  workspaces: SweepWorkspace[];
  requests: number;
  workspace(name: string, options?: { scope?: ApiKeyScope }): Promise<SweepWorkspace>;
  /** A key of `workspaceId` created directly (revoked/expired ones for the auth sweep). */
  key(
    workspaceId: string,
    options?: { scope?: ApiKeyScope; expiresAt?: Date | null },
  ): Promise<{ key: string; apiKeyId: string }>;
  /** A connection with a fresh, recorded provider token. */
  connection(workspaceId: string, externalAccountId: string): Promise<string>;
  http(key: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  fetch(path: string, init?: RequestInit): Promise<{ status: number; text: string }>;
  /** A graphql-ws client recording every message; `closed` resolves with the close code. */
  wsClient(key: string | null): { client: Client; closed: Promise<{ code: number }> };
  /** Runs one operation over a socket and resolves with its first result (or error). */
  ws(client: Client, query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  run(
    transport: Transport,
    key: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult>;
  /**
   * Sends `{query, variables}` as raw JSON text in which the string `"$raw"` is replaced by
   * `raw`: input too deep for this process's own JSON.stringify (5,000 levels) still reaches
   * the server byte for byte. Over WebSocket it speaks graphql-transport-ws by hand.
   */
  runRaw(
    transport: Transport,
    key: string,
    query: string,
    variables: Record<string, unknown>,
    raw: string,
  ): Promise<GqlResult>;
  /** Where any recorded secret appears in logs, responses or database text columns. */
  findSecrets(): Promise<string[]>;
  summary(file: string): string;
  close(): Promise<void>;
};

export async function startSecurityRun(
  options: Partial<ApiServerOptions> = {},
): Promise<SecurityRun> {
  const db: TestDatabase = await createTestDatabase();
  const pool = createPool(db.url, 4);
  const secretKey = randomBytes(32);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  // A built dashboard to serve, so static paths (`GET /%`) are exercised too.
  const webDist = mkdtempSync(join(tmpdir(), 'security-web-'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>t</title>');
  const api = await createApiServer({
    databaseUrl: db.url,
    port: 0,
    secretKey,
    webDist,
    // The production logger's settings, at debug: the scan checks what would really be logged.
    logger: pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink),
    ...options,
  });
  const responses: string[] = [];
  const secrets = new Set<string>();
  const workspaces: SweepWorkspace[] = [];
  const clients: Client[] = [];
  const wsUrl = `${api.url.replace('http', 'ws')}/graphql`;

  const run: SecurityRun = {
    url: api.url,
    pool,
    secretKey,
    logs,
    responses,
    secrets,
    workspaces,
    requests: 0,
    async workspace(name, opts = {}) {
      const workspace = await createWorkspace(pool, { name });
      const { key, apiKeyId } = await run.key(workspace.id, opts);
      const entry = { name, workspaceId: workspace.id, key, apiKeyId };
      workspaces.push(entry);
      return entry;
    },
    async key(workspaceId, opts = {}) {
      const { apiKey, key } = await createApiKey(pool, {
        workspaceId,
        name: `sweep-${randomBytes(3).toString('hex')}`,
        ...opts,
      });
      secrets.add(key);
      return { key, apiKeyId: apiKey.id };
    },
    async connection(workspaceId, externalAccountId) {
      const accessToken = `EAAsweep${randomBytes(16).toString('hex')}`;
      const refreshToken = `refresh${randomBytes(16).toString('hex')}`;
      secrets.add(accessToken);
      secrets.add(refreshToken);
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
         VALUES ($1, 'FACEBOOK_ADS', $2, $2, $3, true) RETURNING id`,
        [workspaceId, externalAccountId, sealCredentials(secretKey, { accessToken, refreshToken })],
      );
      return rows[0]!.id;
    },
    async http(key, query, variables) {
      run.requests += 1;
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      responses.push(text);
      return { status: res.status, text, ...(JSON.parse(text) as object) };
    },
    async fetch(path, init) {
      run.requests += 1;
      const res = await fetch(`${api.url}${path}`, init);
      const text = await res.text();
      responses.push(text);
      return { status: res.status, text };
    },
    wsClient(key) {
      run.requests += 1;
      let onClosed!: (event: { code: number }) => void;
      const closed = new Promise<{ code: number }>((resolve) => {
        onClosed = resolve;
      });
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: key ? { authorization: `Bearer ${key}` } : {},
        on: {
          message: (message) => responses.push(JSON.stringify(message)),
          closed: (event) => {
            const { code, reason } = event as { code: number; reason?: string };
            responses.push(`close ${code} ${reason ?? ''}`);
            onClosed({ code });
          },
        },
        onNonLazyError: () => {},
      });
      clients.push(client);
      return { client, closed };
    },
    ws(client, query, variables) {
      run.requests += 1;
      return new Promise<GqlResult>((resolve) => {
        let settled = false;
        const settle = (result: GqlResult) => {
          if (settled) return;
          settled = true;
          unsubscribe();
          resolve(result);
        };
        const unsubscribe = client.subscribe(
          { query, ...(variables ? { variables } : {}) },
          {
            next: (value) => {
              const result = value as Omit<GqlResult, 'status' | 'text'>;
              settle({ status: 200, text: JSON.stringify(value), ...result });
            },
            error: (error) => {
              // graphql-ws hands an `error` message's payload (GraphQL errors) or a CloseEvent.
              const errors = Array.isArray(error)
                ? error
                : [{ message: `closed ${(error as { code?: number }).code ?? ''}` }];
              settle({ status: 400, text: JSON.stringify(errors), errors });
            },
            complete: () => settle({ status: 200, text: '', data: null }),
          },
        );
      });
    },
    async run(transport, key, query, variables) {
      if (transport === 'http') return run.http(key, query, variables);
      let client = socketByKey.get(key);
      if (!client) {
        client = run.wsClient(key).client;
        socketByKey.set(key, client);
      }
      return run.ws(client, query, variables);
    },
    async runRaw(transport, key, query, variables, raw) {
      run.requests += 1;
      const payload = JSON.stringify({ query, variables }).replace('"$raw"', raw);
      if (transport === 'http') {
        const res = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: payload,
        });
        const text = await res.text();
        responses.push(text);
        return { status: res.status, text, ...(JSON.parse(text) as object) };
      }
      const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
      try {
        const text = await new Promise<string>((resolve, reject) => {
          socket.once('error', reject);
          socket.once('close', (code) => reject(new Error(`closed ${code}`)));
          socket.once('open', () =>
            socket.send(
              JSON.stringify({
                type: 'connection_init',
                payload: { authorization: `Bearer ${key}` },
              }),
            ),
          );
          socket.on('message', (data) => {
            const message = JSON.parse(data.toString()) as { type: string };
            if (message.type === 'connection_ack') {
              socket.send(`{"type":"subscribe","id":"1","payload":${payload}}`);
            } else if (message.type === 'next' || message.type === 'error') {
              resolve(data.toString());
            }
          });
        });
        responses.push(text);
        const message = JSON.parse(text) as { type: string; payload: unknown };
        return message.type === 'next'
          ? { status: 200, text, ...(message.payload as object) }
          : { status: 400, text, errors: message.payload as GqlResult['errors'] };
      } finally {
        socket.close();
      }
    },
    async findSecrets() {
      const found: string[] = [];
      const { rows: tables } = await pool.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
          WHERE schemaname IN ('public', 'pgboss')`,
      );
      const columns: string[] = [];
      for (const table of tables) {
        const { rows } = await pool.query<{ row: string }>(
          `SELECT t::text AS row FROM ${table.name} t`,
        );
        for (const row of rows) columns.push(`${table.name} ${row.row}`);
      }
      for (const secret of secrets) {
        for (const [where, texts] of [
          ['log', logs],
          ['response', responses],
          ['database', columns],
        ] as const) {
          for (const text of texts) {
            if (text.includes(secret))
              found.push(`${where}: …${secret.slice(0, 8)}… in ${text.slice(0, 120)}`);
          }
        }
      }
      return found;
    },
    summary(file) {
      return `security: file=${file} requests=${run.requests} transports=${TRANSPORTS.length} workspaces=${workspaces.length}`;
    },
    async close() {
      for (const client of clients) await client.dispose();
      await api.close();
      await pool.end();
      await db.drop();
      rmSync(webDist, { recursive: true, force: true });
    },
  };
  const socketByKey = new Map<string, Client>();
  return run;
}

/** The answer's error code, or its union member's type name, or 'OK'. */
export function answerOf(result: GqlResult, field?: string): string {
  const code = result.errors?.[0]?.extensions?.code;
  if (typeof code === 'string') return code;
  const value = field ? result.data?.[field] : undefined;
  if (value && typeof value === 'object' && '__typename' in value) return String(value.__typename);
  return result.errors?.length ? 'ERROR' : 'OK';
}
