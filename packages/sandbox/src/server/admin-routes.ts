import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROVIDERS, type ProviderId } from '@tributary/core';
import { z } from 'zod';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import { faultConfigSchema } from './fault-config.ts';
import { BodyError, readBody, sendJson } from './http-io.ts';
import { DEFAULT_SEED, type SandboxState } from './sandbox-state.ts';

const provider = z.enum(PROVIDERS);
const resetBody = z
  .strictObject({
    seed: z.number().int().optional(),
    accounts: z.array(z.looseObject({ provider })).optional(),
  })
  .optional();
const mutateBody = z.strictObject({
  provider,
  accountId: z.string().min(1),
  add: z.unknown().optional(),
  update: z.unknown().optional(),
  remove: z.unknown().optional(),
  removeFolders: z.unknown().optional(),
});
const truthQuery = z.object({
  provider,
  accountId: z.string().min(1),
  stream: z.string().min(1),
});

/** `/__sandbox/*`: reset, mutate, faults, truth, stats. Bad input is a 400 naming the field. */
export async function serveAdmin(
  state: SandboxState,
  providerUrls: Record<ProviderId, string>,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const route = `${request.method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__sandbox':
        return sendJson(response, 200, { providers: providerUrls });
      case 'POST /__sandbox/reset': {
        const body = parse(resetBody, await readBody(request));
        state.reset(body?.seed ?? DEFAULT_SEED, body?.accounts);
        return sendJson(response, 200, { seed: state.seed });
      }
      case 'POST /__sandbox/mutate': {
        const body = parse(mutateBody, await readBody(request));
        const mounted = mountedOrThrow(state, body.provider);
        const counts = mounted.sandbox.mutate(body.accountId, body, new Date());
        return sendJson(response, 200, counts);
      }
      case 'PUT /__sandbox/faults': {
        state.setFaults(parse(faultConfigSchema, (await readBody(request)) ?? {}));
        return sendJson(response, 200, state.faults);
      }
      case 'GET /__sandbox/faults':
        return sendJson(response, 200, state.faults);
      case 'DELETE /__sandbox/faults':
        state.setFaults({});
        return sendJson(response, 200, state.faults);
      case 'GET /__sandbox/truth': {
        const query = parse(truthQuery, Object.fromEntries(url.searchParams));
        const mounted = mountedOrThrow(state, query.provider);
        return sendJson(
          response,
          200,
          mounted.sandbox.truth(query.accountId, query.stream, new Date()),
        );
      }
      case 'GET /__sandbox/stats':
        return sendJson(response, 200, state.stats.snapshot());
      case 'POST /__sandbox/stats/reset':
        state.stats.reset();
        return sendJson(response, 200, state.stats.snapshot());
      default:
        return sendJson(response, 404, { error: { message: `no admin route ${route}` } });
    }
  } catch (error) {
    if (error instanceof SandboxInputError) {
      return sendJson(response, 400, { error: { field: error.field, message: error.message } });
    }
    if (error instanceof BodyError) {
      return sendJson(response, 400, { error: { field: '(body)', message: error.message } });
    }
    throw error;
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...(issue?.path ?? []), ...keys].join('.') || '(body)';
  throw new SandboxInputError(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

function mountedOrThrow(state: SandboxState, provider: ProviderId) {
  const mounted = state.providers.get(provider);
  if (!mounted) {
    throw new SandboxInputError('provider', `provider ${provider} is not mounted in this sandbox`);
  }
  return mounted;
}
