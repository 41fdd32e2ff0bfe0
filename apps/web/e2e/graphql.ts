/** Direct GraphQL over HTTP with the API key, to compare what the dashboard shows with the API. */
export async function graphql<T>(
  url: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length)
    throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data!;
}
