// A webhook receiver: an HTTP server that verifies every delivery before believing it, answers
// 2xx at once and hands the event on. Registered with createWebhookEndpoint (create-endpoint.graphql).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Api, graphql } from '../api.ts';
import { verifyWebhook } from './verify.ts';

export type WebhookEvent = { type: string; timestamp: string; data: Record<string, unknown> };

const CREATE_ENDPOINT = readFileSync(new URL('./create-endpoint.graphql', import.meta.url), 'utf8');
export const DELIVERIES = readFileSync(new URL('./deliveries.graphql', import.meta.url), 'utf8');

export type Receiver = {
  /** Resolves with the first verified event `wanted` accepts (arrived already, or later). */
  next(wanted: (event: WebhookEvent) => boolean): Promise<WebhookEvent>;
  /** Deliveries refused because their signature did not verify. */
  rejected: number;
  close(): Promise<void>;
};

/**
 * Listens on 127.0.0.1 (plain http to loopback is allowed outside production) and registers
 * the endpoint for `events`; the secret returned once is kept here to verify deliveries.
 */
export async function receiveWebhooks(api: Api, events: string[]): Promise<Receiver> {
  let secret = '';
  const received: WebhookEvent[] = [];
  const waiters = new Set<() => void>();
  const state = { rejected: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhook(secret, req.headers as Record<string, string>, body)) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      res.writeHead(204).end();
      received.push(JSON.parse(body) as WebhookEvent);
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  const { createWebhookEndpoint: result } = await graphql<{
    createWebhookEndpoint: { __typename: string; secret?: string; code?: string; message?: string };
  }>(api, CREATE_ENDPOINT, { url: `http://127.0.0.1:${port}/tributary`, events });
  if (!result.secret) throw new Error(`createWebhookEndpoint: ${result.code}: ${result.message}`);
  secret = result.secret;
  return {
    get rejected() {
      return state.rejected;
    },
    next(wanted) {
      return new Promise((resolve) => {
        const look = () => {
          const event = received.find(wanted);
          if (!event) return;
          waiters.delete(look);
          resolve(event);
        };
        waiters.add(look);
        look();
      });
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
