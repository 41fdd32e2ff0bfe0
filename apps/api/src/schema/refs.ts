import type { ApiKeyRow, WorkspaceRow } from '@tributary/db';
import { builder } from '../builder.ts';
import type {
  ConnectionRow,
  RecordRow,
  SyncChunkRow,
  SyncEventRow,
  SyncJobRow,
} from '../data/rows.ts';
import type { SyncProgressEventShape } from '../events/sync-event-hub.ts';

// Refs live apart from their implementations so types can point at each other without cycles.
export const WorkspaceRef = builder.objectRef<WorkspaceRow>('Workspace');
export const ApiKeyRef = builder.objectRef<ApiKeyRow>('ApiKey');
export const ConnectionRef = builder.objectRef<ConnectionRow>('Connection');
export const SyncJobRef = builder.objectRef<SyncJobRow>('SyncJob');
export const SyncChunkRef = builder.objectRef<SyncChunkRow>('SyncChunk');
export const SyncEventRef = builder.objectRef<SyncEventRow>('SyncEvent');
export const RecordRef = builder.objectRef<RecordRow>('Record');
export const SyncProgressEventRef = builder.objectRef<SyncProgressEventShape>('SyncProgressEvent');
