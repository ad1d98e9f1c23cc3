/** Turns a chat message into a command invocation; never throws, whatever the input. */

export type ParsedCommand = {
  /** Lower-cased command word as typed (may be a Chinese alias). */
  word: string;
  /** `/cmd@bot` → 'bot'. */
  addressedTo?: string;
  /** Everything after the command word, trimmed. */
  rest: string;
  tokens: string[];
};

const SLASHES = new Set(['/', '／']);
const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '「': '」', '『': '』' };
const SPACE = /[\s\u3000]/;

/** Full-width digits (and a full-width colon between digits), as a Chinese keyboard types them: ２、０７：３０. */
const halfWidthDigits = (text: string) =>
  text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/(\d)：(?=\d)/g, '$1:');

export function parseCommand(text: string): ParsedCommand | null {
  const trimmed = halfWidthDigits(text.replace(/^[\s\u3000]+/, ''));
  if (!SLASHES.has(trimmed.charAt(0))) return null;
  // `//…` (a comment, a URL) is not a command.
  const match = /^[/／](?![/／])([^\s\u3000@]+)(?:@([A-Za-z0-9_]+))?(?=$|[\s\u3000])/u.exec(trimmed);
  if (!match?.[1]) return null;
  const rest = trimmed.slice(match[0].length).trim();
  return {
    word: match[1].toLowerCase(),
    addressedTo: match[2],
    rest,
    tokens: tokenize(rest),
  };
}

/**
 * Splits on white space (ASCII and ideographic), keeping quoted runs together. A quote opens a run only at the
 * start of a word or right after `=`: inside a word it is an apostrophe (can't, O'Brien) and stays as typed.
 */
export function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let closing: string | null = null;
  let inToken = false;
  for (const ch of input) {
    if (closing !== null) {
      if (ch === closing) closing = null;
      else current += ch;
      continue;
    }
    const opensRun = !inToken || current.endsWith('=') || current.endsWith('＝');
    if (opensRun && QUOTE_PAIRS[ch] !== undefined) {
      closing = QUOTE_PAIRS[ch] as string;
      inToken = true;
      continue;
    }
    if (SPACE.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  return tokens;
}

export type SplitArgs = { positional: string[]; named: Record<string, string> };

const NAMED = /^([A-Za-z][A-Za-z0-9_.]*)[=＝](.*)$/s;

/** `key=value` tokens become named arguments; the others stay positional, in order. */
export function splitArgs(tokens: string[]): SplitArgs {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const token of tokens) {
    const m = NAMED.exec(token);
    if (m?.[1] !== undefined && m[2] !== undefined) named[m[1].toLowerCase()] = m[2];
    else positional.push(token);
  }
  return { positional, named };
}

/** `a | b | c` (ASCII or full-width bar) → ['a', 'b', 'c']. */
export const splitPipes = (rest: string): string[] => rest.split(/[|｜]/).map((part) => part.trim());
