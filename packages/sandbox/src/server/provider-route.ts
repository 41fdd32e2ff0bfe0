import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../shared/sleep.ts';
import type {
  FaultSettings,
  SandboxFault,
  SandboxRequest,
  SandboxResponse,
} from '../shared/types.ts';
import { flatHeaders, readBody, sendJson } from './http-io.ts';
import { BASE_PATHS } from './providers.ts';
import type { SandboxState } from './sandbox-state.ts';

type Outcome = 'ok' | 'throttled' | 'failed';

/**
 * Serves one provider API call: picks the emulator, applies the faults in force for the
 * account (latency, slow first calls, hangs, drops, expired tokens, outages, concurrency,
 * budget, errors), lets the emulator
 * answer, then adds usage headers and any body-level fault (malformed, reset mid-body).
 */
export async function serveProviderCall(
  state: SandboxState,
  basePath: string,
  publicUrl: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const sandboxRequest: SandboxRequest = {
    method: request.method ?? 'GET',
    path: url.pathname.slice(basePath.length) || '/',
    query: url.searchParams,
    headers: flatHeaders(request),
    body: await readBody(request).catch(() => undefined),
  };
  const mounted = state.route(basePath, sandboxRequest, BASE_PATHS);
  if (!mounted) {
    sendJson(response, 404, { error: { message: `nothing is mounted at ${basePath}` } });
    return;
  }
  const accountId = mounted.sandbox.accountOf(sandboxRequest);
  const accountKey = accountId ? `${mounted.provider}:${accountId}` : undefined;
  const bucket = mounted.sandbox.bucketOf?.(sandboxRequest);
  const budgetKey = accountKey && bucket ? `${accountKey}:${bucket}` : accountKey;
  const faults = state.faultsFor(mounted, accountId);

  const inflight = accountKey ? (state.inflight.get(accountKey) ?? 0) + 1 : 0;
  if (accountKey) {
    state.inflight.set(accountKey, inflight);
    state.stats.concurrent(accountKey, inflight);
  }
  try {
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (accountKey && faults.slowFirst) {
      const seen = (state.requestsSinceFaults.get(accountKey) ?? 0) + 1;
      state.requestsSinceFaults.set(accountKey, seen);
      if (seen <= faults.slowFirst.requests) {
        state.stats.fault('slow');
        await sleep(faults.slowFirst.delayMs);
        if (response.destroyed) return; // the client gave up waiting
      }
    }
    if (state.roll(faults.timeoutRate)) {
      // Never answered: the client's own timeout (or the server closing) ends it.
      state.stats.count(accountKey, 'failed');
      state.stats.fault('timeout');
      await new Promise<void>((resolve) => response.on('close', resolve));
      return;
    }
    if (state.roll(faults.dropRate)) {
      // The connection closes before a status line: the client sees a reset, not a response.
      state.stats.count(accountKey, 'failed');
      state.stats.fault('drop');
      response.socket?.destroy();
      return;
    }
    const fault = (kind: SandboxFault, retryAfterSec: number, percentUsed: number) =>
      mounted.sandbox.faultResponse(kind, {
        accountId,
        retryAfterSec,
        percentUsed,
        bucket,
        faults,
      });

    let answer: SandboxResponse;
    let outcome: Outcome = 'ok';
    let percentUsed = 0;
    let resetSec = 0;
    const inOutage =
      faults.outageMs !== undefined && Date.now() - state.faultsSetAt < faults.outageMs;
    if (accountId && faults.tokenExpired) {
      [answer, outcome] = [fault('token_expired', 0, 0), 'failed'];
      state.stats.fault('token_expired');
    } else if (inOutage) {
      // The provider is down for everyone: its documented transient 5xx on every call.
      [answer, outcome] = [fault('server_error', 0, 0), 'failed'];
      state.stats.fault('outage');
    } else if (faults.maxConcurrent !== undefined && inflight > faults.maxConcurrent) {
      // Concurrency, not the budget, ran out: Exchange says MailboxConcurrency, not its resource limit.
      [answer, outcome] = [fault('throttled', 1, 0), 'throttled'];
      state.stats.fault('throttled');
    } else {
      const budget =
        budgetKey && faults.rateLimit
          ? state.budget.take(budgetKey, faults.rateLimit, Date.now())
          : undefined;
      if (budget && !budget.allowed) {
        const retryAfterSec = Math.ceil(budget.retryAfterMs / 1000);
        [answer, outcome] = [fault('throttled', retryAfterSec, 100), 'throttled'];
        state.stats.fault('throttled');
      } else if (state.roll(faults.errorRate)) {
        [answer, outcome] = [fault('server_error', 0, budget?.percentUsed ?? 0), 'failed'];
        state.stats.fault('server_error');
      } else {
        percentUsed = budget?.percentUsed ?? 0;
        resetSec = budget?.allowed ? Math.ceil(budget.resetMs / 1000) : 0;
        answer = await mounted.sandbox.handle(sandboxRequest, {
          now: new Date(),
          baseUrl: `${publicUrl}${basePath.slice(1)}`,
          faults,
        });
        if (answer.status >= 400) outcome = answer.status === 429 ? 'throttled' : 'failed';
      }
    }
    const headers = { ...answer.headers };
    if (accountId && outcome === 'ok') {
      Object.assign(
        headers,
        mounted.sandbox.usageHeaders(accountId, round2(percentUsed), resetSec, bucket),
      );
    }
    send(state, response, answer, headers, outcome, accountKey, faults);
  } finally {
    if (accountKey) state.inflight.set(accountKey, (state.inflight.get(accountKey) ?? 1) - 1);
  }
}

function send(
  state: SandboxState,
  response: ServerResponse,
  answer: SandboxResponse,
  headers: Record<string, string>,
  outcome: Outcome,
  accountKey: string | undefined,
  faults: FaultSettings,
): void {
  const isRedirect = answer.status >= 300 && answer.status < 400;
  let text = answer.body === undefined || answer.body === null ? '' : JSON.stringify(answer.body);
  if (outcome === 'ok' && !isRedirect && state.roll(faults.malformedRate)) {
    outcome = 'failed';
    state.stats.fault('malformed');
    // Half the time cut short (not JSON at all), half the time JSON of the wrong shape.
    text = state.draw() < 0.5 ? text.slice(0, Math.floor(text.length / 2)) : '{"unexpected":true}';
  }
  const body = Buffer.from(text, 'utf8');
  const head = {
    ...(text.length > 0 ? { 'content-type': 'application/json; charset=UTF-8' } : {}),
    ...headers,
    'content-length': String(body.length),
  };
  if (state.roll(faults.resetRate)) {
    state.stats.count(accountKey, 'failed');
    state.stats.fault('reset');
    response.writeHead(answer.status, head);
    // Headers promise the whole body; half of it arrives, then the connection dies.
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
    return;
  }
  state.stats.count(accountKey, outcome);
  response.writeHead(answer.status, head);
  response.end(body);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
