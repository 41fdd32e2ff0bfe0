import {
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLUnionType,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql/index.js';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export type RootField = {
  kind: OperationKind;
  name: string;
  field: GraphQLField<unknown, unknown>;
  /** Whether any argument (or input field below one) is an ID: it names existing objects. */
  takesIds: boolean;
};

/** Every query, mutation and subscription of the schema: a new one is swept without a line here. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots: [OperationKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({
      kind,
      name: field.name,
      field,
      takesIds: field.args.some((arg) => hasId(arg.type, new Set())),
    })),
  );
}

function hasId(type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!(named instanceof GraphQLInputObjectType) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => hasId(f.type, seen));
}

export type ValueContext = {
  /** The value for an ID argument or input field named `name`. */
  id(name: string): string;
};

// Plausible values for required arguments, so a sweep reaches the resolver's own checks
// rather than stopping at "wrong type". Keyed by argument name, then by type.
const STRINGS: Record<string, string> = {
  stream: 'campaigns',
  name: 'sweep',
  externalAccountId: 'act_424242',
  accessToken: 'EAAsweep-token',
  returnTo: '/',
};

function valueFor(type: GraphQLInputType, name: string, ctx: ValueContext, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, name, ctx, depth);
  if (isListType(type)) return [valueFor(type.ofType, name, ctx, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || hasId(field.type, new Set())) {
        value[field.name] = valueFor(field.type, field.name, ctx, depth + 1);
      }
    }
    return value;
  }
  switch (type.name) {
    case 'ID':
      return ctx.id(name);
    case 'String':
      return STRINGS[name] ?? 'sweep';
    case 'Int':
      return name === 'first' ? 5 : 60;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date(Date.now() - 86_400_000).toISOString();
    case 'JSON':
      return {};
    default:
      throw new Error(`the sweep has no value for scalar ${type.name}`);
  }
}

/** A selection that reads a little of everything a field returns, ids included. */
function selectionFor(
  type: GraphQLOutputType,
  depth = 0,
  skip: ReadonlySet<string> = new Set(),
): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (named instanceof GraphQLUnionType) {
    // Fields of one name but different types in two members cannot be selected together.
    const types = new Map<string, Set<string>>();
    for (const member of named.getTypes()) {
      for (const f of Object.values(member.getFields())) {
        types.set(f.name, (types.get(f.name) ?? new Set()).add(String(f.type)));
      }
    }
    const clashing = new Set([...types].filter(([, t]) => t.size > 1).map(([name]) => name));
    const members = named
      .getTypes()
      .map((member) => `... on ${member.name} ${selectionFor(member, depth, clashing)}`)
      .join(' ');
    return `{ __typename ${members} }`;
  }
  // Objects and interfaces alike: their own fields.
  const fields = Object.values((named as GraphQLObjectType | GraphQLInterfaceType).getFields())
    .filter((f) => !skip.has(f.name) && f.args.every((arg) => !isNonNullType(arg.type)))
    .map((f) => {
      const inner = getNamedType(f.type);
      if (isScalarType(inner) || isEnumType(inner)) return f.name;
      return depth < 2 ? `${f.name} ${selectionFor(f.type, depth + 1)}` : '';
    })
    .filter(Boolean);
  return `{ __typename ${fields.join(' ')} }`;
}

/** An operation running `root` once, every argument passed as a variable. */
export function operationFor(
  root: RootField,
  ctx: ValueContext,
): { query: string; variables: Record<string, unknown> } {
  const args = root.field.args.filter(
    (arg) => isNonNullType(arg.type) || hasId(arg.type, new Set()),
  );
  const variables = Object.fromEntries(
    args.map((arg) => [arg.name, valueFor(arg.type, arg.name, ctx)]),
  );
  const declared = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${root.kind} Sweep${declared ? `(${declared})` : ''} { ${root.name}${
    passed ? `(${passed})` : ''
  } ${selectionFor(root.field.type)} }`;
  return { query, variables };
}
