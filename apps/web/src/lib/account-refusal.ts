/**
 * The API's sentence for an account the provider does not show (NOT_FOUND) names the account
 * and what to do, unlike the generic "no longer exists" a missing object gets.
 */
export function accountRefusal(
  payload: { __typename?: string; message?: string } | null | undefined,
): string | null {
  return payload?.__typename === 'NotFoundError' && payload.message ? payload.message : null;
}
