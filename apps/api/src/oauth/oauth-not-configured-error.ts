import { AppError } from '../errors/app-error.ts';

/** The provider's OAuth app (client id/secret) or the sandbox URL is not configured. */
export class OAuthNotConfiguredError extends AppError {
  constructor(message: string) {
    super('OAUTH_NOT_CONFIGURED', message);
    this.name = 'OAuthNotConfiguredError';
  }
}
