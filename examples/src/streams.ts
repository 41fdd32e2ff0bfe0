import { type Api, graphql } from './api.ts';

export type StreamInfo = {
  name: string;
  description: string;
  primaryKey: string;
  cursorField: string | null;
  jsonSchema: unknown;
};

// #region streams
/** Every stream a provider syncs: the names `records(stream:)` takes, and a JSON Schema of each. */
export async function streamsOf(api: Api, provider: string): Promise<StreamInfo[]> {
  const { providers } = await graphql<{
    providers: { provider: string; streams: StreamInfo[] }[];
  }>(
    api,
    `query {
      providers {
        provider
        streams { name description primaryKey cursorField jsonSchema }
      }
    }`,
  );
  const found = providers.find((p) => p.provider === provider);
  if (!found) throw new Error(`the API does not sync ${provider}`);
  return found.streams;
}
// #endregion streams
