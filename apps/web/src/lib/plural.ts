/** "1 chunk", "3 chunks", "0 chunks": a count with its noun agreeing. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}
