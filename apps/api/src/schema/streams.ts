import { defaultConnectors } from '@tributary/connectors';
import { PROVIDERS, type ProviderId, type StreamDefinition } from '@tributary/core';
import { builder } from '../builder.ts';
import { ProviderEnum } from './enums.ts';
import { ConnectionRef } from './refs.ts';

/** The connectors' own stream definitions: what they read is what the API describes. */
const streamsOf = (provider: ProviderId) => defaultConnectors[provider].streams;

const StreamRef = builder.objectRef<StreamDefinition>('Stream').implement({
  description:
    'A kind of record a provider syncs; its `name` is what `records(stream:)` and `StartSyncInput.streams` take.',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    primaryKey: t.exposeString('primaryKey', {
      description:
        'What a record’s `externalId` is: a field of `data` (`id`), or how it is composed when no single field identifies it (ad_insights_daily: `level:id:date_start`, the level, that level’s entity id and the day).',
    }),
    cursorField: t.exposeString('cursorField', {
      nullable: true,
      description:
        'The provider field incremental syncs compare against; null when the stream is read another way (delta links, re-reads).',
    }),
    jsonSchema: t.field({
      type: 'JSON',
      description: 'JSON Schema (draft 2020-12) of a record’s `data`, to generate types from.',
      resolve: (s) => ({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        ...s.jsonSchema,
      }),
    }),
  }),
});

const ProviderInfoRef = builder.objectRef<ProviderId>('ProviderInfo').implement({
  description: 'A provider Tributary can sync, with its streams.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (p) => p }),
    streams: t.field({ type: [StreamRef], resolve: (p) => streamsOf(p) }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [ProviderInfoRef],
    description: 'Every provider and the streams it syncs.',
    resolve: () => [...PROVIDERS],
  }),
);

builder.objectField(ConnectionRef, 'streams', (t) =>
  t.field({
    type: [StreamRef],
    description: 'The streams this connection syncs (its provider’s).',
    resolve: (c) => streamsOf(c.provider),
  }),
);
