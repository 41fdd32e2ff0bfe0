export {
  API_KEY_PREFIX,
  apiKeyDisplayPrefix,
  generateApiKeyToken,
  hashApiKey,
  looksLikeApiKey,
} from './api-key-token.ts';
export {
  API_KEY_REVOKED_CHANNEL,
  type ApiKeyRow,
  type ApiKeyScope,
  createApiKey,
  findApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './api-keys.ts';
export { createWorkspace, type WorkspaceRow } from './workspaces.ts';
