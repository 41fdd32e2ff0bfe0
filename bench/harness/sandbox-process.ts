/**
 * The bench's sandbox: the ordinary sandbox server in its own process (as a provider would
 * be: its CPU is not the worker's), plus a log of every provider request's start and end
 * taken from Node's HTTP diagnostics channels, so the emulator itself is unchanged. The parent
 * asks for the log over IPC: `{type: 'requests', since}` → `{type: 'requests', requests}`.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSandboxServer } from '@tributary/sandbox';

export type LoggedRequest = {
  /** epoch ms (sub-ms precision) */
  start: number;
  end: number;
  status: number;
  path: string;
};
export type SandboxProcessMessage =
  | { type: 'listening'; url: string; providers: Record<string, string> }
  | { type: 'requests'; requests: LoggedRequest[] };

const now = () => performance.timeOrigin + performance.now();
const started = new WeakMap<IncomingMessage, number>();
let log: LoggedRequest[] = [];

subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  started.set(request, now());
});
subscribe('http.server.response.finish', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  const path = (request.url ?? '/').split('?')[0]!;
  if (path.startsWith('/__sandbox')) return; // the bench's own admin calls
  log.push({ start: started.get(request) ?? now(), end: now(), status: response.statusCode, path });
});

const sandbox = await startSandboxServer({ port: 0 });
process.send?.({
  type: 'listening',
  url: sandbox.url,
  providers: sandbox.providers,
} satisfies SandboxProcessMessage);

process.on('message', (message: { type: 'requests' | 'clear' }) => {
  // Both answer with the log as it was; `clear` then empties it (an empty answer is cheap).
  process.send?.({
    type: 'requests',
    requests: message.type === 'clear' ? [] : log,
  } satisfies SandboxProcessMessage);
  if (message.type === 'clear') log = [];
});
process.on('disconnect', () => {
  void sandbox.close().then(() => process.exit(0));
});
