export {
  type ConnectionCredentials,
  openCredentials,
  sealCredentials,
} from './credentials.ts';
export { loadSecretKey } from './load-secret-key.ts';
export { openSecret, SecretOpenError, sealSecret } from './seal-secret.ts';
