/** Drops the `key=value` words of the given keys (group=, scope=, …), wherever they were typed. */
export function withoutNamed(text: string, keys: readonly string[]): string {
  const pattern = new RegExp(`(^|[\\s\\u3000])(?:${keys.join('|')})[=＝][^\\s\\u3000]*`, 'gi');
  return text
    .replace(pattern, ' ')
    .replace(/[ \u3000]{2,}/g, ' ')
    .trim();
}
