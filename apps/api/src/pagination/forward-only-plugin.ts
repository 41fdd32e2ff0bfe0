import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';

/**
 * Every list here pages forward only (keyset cursors that seek an index ascending), so the
 * `before`/`last` arguments the relay plugin adds to each connection field are dropped from
 * the schema rather than offered and refused at run time.
 */
export class ForwardOnlyConnectionsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): PothosOutputFieldConfig<Types> {
    const { before, last, ...args } = fieldConfig.args;
    if (!before || !last || !args.after || !args.first) return fieldConfig;
    return { ...fieldConfig, args };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      forwardOnlyConnections: ForwardOnlyConnectionsPlugin<Types>;
    }
  }
}

const pluginName = 'forwardOnlyConnections';
SchemaBuilder.registerPlugin(pluginName, ForwardOnlyConnectionsPlugin);
export default pluginName;
