import type { SandboxCallContext, SandboxRequest } from '../shared/types.ts';
import type { Mailbox } from './mailbox.ts';

/** What a Graph route handler works with: the request, the server's facts, the mailbox. */
export type GraphCall = {
  request: SandboxRequest;
  context: SandboxCallContext;
  mailbox: Mailbox;
};

/** Header value regardless of the case the server stored the name in. */
export function header(request: SandboxRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  const direct = request.headers[lower] ?? request.headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/** An absolute link back into the emulator (`@odata.nextLink`, `@odata.deltaLink`). */
export function linkTo(call: GraphCall, params: URLSearchParams): string {
  const query = params.toString();
  return `${call.context.baseUrl}${call.request.path}${query ? `?${query}` : ''}`;
}

export function odataContext(call: GraphCall, resource: string): string {
  return `${call.context.baseUrl}/v1.0/$metadata#${resource}`;
}
