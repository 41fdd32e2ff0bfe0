/**
 * Graph's `fields` syntax with field expansion: a comma list where an edge may carry modifiers
 * and its own field list, e.g. `id,updated_time,messages.limit(25){id,message,from}`.
 * https://developers.facebook.com/docs/graph-api/guides/field-expansion ("Field expansion
 * allows you not only to limit the number of objects returned but also perform nested
 * requests": `.limit()` on any field or edge, nested fields in `{}`).
 */
export type FieldSpec = { name: string; limit?: number; fields?: FieldSpec[] };

export class FieldSyntaxError extends Error {}

export function parseFieldList(raw: string): FieldSpec[] {
  return splitTopLevel(raw)
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseField);
}

function parseField(text: string): FieldSpec {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[a-z_]+\([^()]*\))*)(\{.*\})?$/s.exec(text);
  if (!match)
    throw new FieldSyntaxError(`Syntax error "Expected end of string instead of "${text}"."`);
  const spec: FieldSpec = { name: match[1]! };
  for (const modifier of match[2]!.matchAll(/\.([a-z_]+)\(([^()]*)\)/g)) {
    const [, name, argument] = modifier;
    if (name !== 'limit') throw new FieldSyntaxError(`Unknown modifier .${name}() on ${spec.name}`);
    const limit = Number(argument);
    if (!Number.isInteger(limit) || limit < 0)
      throw new FieldSyntaxError(`Param limit must be a non-negative integer`);
    spec.limit = limit;
  }
  if (match[3]) spec.fields = parseFieldList(match[3].slice(1, -1));
  return spec;
}

/** Splits on commas outside `{}` and `()`. */
function splitTopLevel(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') {
      depth--;
      if (depth < 0) throw new FieldSyntaxError(`Syntax error: unbalanced "${c}" in fields`);
    } else if (c === ',' && depth === 0) {
      parts.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new FieldSyntaxError('Syntax error: unbalanced brackets in fields');
  parts.push(raw.slice(start));
  return parts;
}
