export {
  type ConnectionCredentials,
  openCredentials,
  sealCredentials,
} from './credentials.ts';
export { loadSecretKey, loadSecretKeyring } from './load-secret-key.ts';
export { type RotationReport, rotateSecrets } from './rotate-secrets.ts';
export { openSecret, SecretOpenError, sealedKeyId, sealSecret } from './seal-secret.ts';
export { keyIdOf, keyringOf, type SecretKeyring, type SecretKeys } from './secret-keys.ts';
