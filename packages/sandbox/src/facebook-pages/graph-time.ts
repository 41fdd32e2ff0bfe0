/** Graph's timestamp format, second precision with a `+0000` offset: `2024-05-01T10:20:30+0000`. */
export function graphTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}
