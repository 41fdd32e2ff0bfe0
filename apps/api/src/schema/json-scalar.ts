import { GraphQLError } from 'graphql/index.js';
import { unstorableReason } from './storable-text.ts';

export const JSON_LIMITS = { maxDepth: 32, maxNodes: 10_000, maxStringLength: 65_536 };

const invalid = (message: string) =>
  new GraphQLError(`JSON ${message}`, { extensions: { code: 'VALIDATION' } });

/**
 * Checks a JSON argument before anything recurses into it: nesting, size and text PostgreSQL
 * can store. Iterative, so 5,000 levels of nesting are an answer, not a stack overflow.
 */
export function checkJsonValue(value: unknown, limits = JSON_LIMITS): unknown {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) throw invalid(`has more than ${limits.maxNodes} values`);
    if (item.depth > limits.maxDepth) {
      throw invalid(`is nested deeper than ${limits.maxDepth} levels`);
    }
    const v = item.value;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) {
        throw invalid(`string at "${item.path}" is longer than ${limits.maxStringLength}`);
      }
      const reason = unstorableReason(v);
      if (reason) throw invalid(`string at "${item.path}" ${reason}`);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw invalid(`number at "${item.path}" is not finite`);
    } else if (Array.isArray(v)) {
      for (const [i, child] of v.entries()) {
        stack.push({ value: child, depth: item.depth + 1, path: `${item.path}[${i}]` });
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const reason = unstorableReason(key);
        if (reason) throw invalid(`key at "${item.path}" ${reason}`);
        const path = item.path ? `${item.path}.${key.slice(0, 40)}` : key.slice(0, 40);
        stack.push({ value: child, depth: item.depth + 1, path });
      }
    } else if (typeof v !== 'boolean' && v !== null) {
      throw invalid(`value at "${item.path}" is not JSON`);
    }
  }
  return value;
}
