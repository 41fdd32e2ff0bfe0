import { recordAuditEvent } from '@tributary/db';
import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isUnionType,
} from 'graphql/index.js';
import type { ApiContext } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { errorTypeName } from '../schema/errors.ts';
import { globalId } from '../schema/ids.ts';

const MAX_TARGETS = 20;
const MAX_ID_LENGTH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values of ID-typed arguments and input fields: what the caller named. Never other values. */
function idsIn(type: GraphQLInputType, value: unknown, out: string[]): void {
  if (value === null || value === undefined || out.length >= MAX_TARGETS) return;
  if (isNonNullType(type)) {
    idsIn(type.ofType, value, out);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) for (const item of value) idsIn(type.ofType, item, out);
    return;
  }
  if (type instanceof GraphQLInputObjectType) {
    for (const field of Object.values(type.getFields())) {
      idsIn(field.type, (value as Record<string, unknown>)[field.name], out);
    }
    return;
  }
  if (getNamedType(type).name === 'ID') out.push(String(value).slice(0, MAX_ID_LENGTH));
}

/** Ids of the objects a success payload carries (`{ connection }`, `{ job }`, `{ apiKey }`). */
function resultIds(field: GraphQLField<unknown, ApiContext>, result: unknown, out: string[]) {
  const union = getNamedType(field.type);
  if (!isUnionType(union) || !result || typeof result !== 'object') return;
  const success = union
    .getTypes()
    .find((member) => !member.getInterfaces().some((i) => i.name === 'Error'));
  for (const payloadField of Object.values(success?.getFields() ?? {})) {
    const target = getNamedType(payloadField.type);
    if (!(target instanceof GraphQLObjectType) || !target.getFields().id) continue;
    const value = (result as Record<string, unknown>)[payloadField.name];
    for (const item of Array.isArray(value) ? value : [value]) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && UUID.test(id) && out.length < MAX_TARGETS) {
        out.push(globalId(target.name, id));
      }
    }
  }
}

function targetsOf(
  field: GraphQLField<unknown, ApiContext>,
  args: Record<string, unknown>,
  result: unknown,
): string[] {
  const out: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) idsIn(arg.type, args[arg.name], out);
  resultIds(field, result, out);
  return [...new Set(out)];
}

/**
 * Wraps every mutation so each run lands in the workspace's audit log (who, what, when),
 * whatever it answered. Done on the built schema so a new mutation is audited without a line
 * of its own.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args, ctx: ApiContext, info) => {
      let outcome = 'INTERNAL_ERROR';
      let result: unknown;
      try {
        result = await resolve(root, args, ctx, info);
        outcome = errorTypeName(result) ?? 'SUCCESS';
        return result;
      } catch (error) {
        if (error instanceof AppError) outcome = errorTypeName(error) ?? 'BaseError';
        throw error;
      } finally {
        await recordAuditEvent(ctx.services.pool, {
          workspaceId: ctx.workspaceId,
          apiKeyId: UUID.test(ctx.caller.apiKeyId) ? ctx.caller.apiKeyId : null,
          actor: ctx.caller.apiKeyName,
          action: field.name,
          targetIds: targetsOf(field, args, result),
          outcome,
        }).catch((error: unknown) =>
          ctx.services.logger.error({ err: error, action: field.name }, 'audit write failed'),
        );
      }
    };
  }
  return schema;
}
