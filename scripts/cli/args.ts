import { parseArgs } from 'node:util';
import type { CliCommand } from './types';
import { UsageError } from './types';

export type ParsedCommand = { help: true } | { help: false; json: boolean; args: unknown };

/** Flags every subcommand takes. */
const COMMON = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Strict flag parsing, then the command's zod schema; every problem becomes a usage error. */
export function parseCommandArgs(command: CliCommand, argv: string[]): ParsedCommand {
  const { values, positionals } = parseFlags(argv, { ...command.options, ...COMMON }, command.usage);
  if (values.help) return { help: true };
  const extra = positionals.slice(command.positionals.length);
  if (extra.length > 0) {
    throw new UsageError(
      `多余的参数：${extra.join(' ')}（含空格的名称请加引号） / unexpected argument: ${extra.join(' ')} (quote names with spaces)`,
      command.usage,
    );
  }
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (key !== 'json' && key !== 'help') input[key] = value;
  command.positionals.forEach((key, i) => {
    input[key] = positionals[i];
  });
  const parsed = command.args.safeParse(input);
  if (!parsed.success) {
    const messages = [...new Set(parsed.error.issues.map((i) => i.message))];
    throw new UsageError(messages.join('\n'), command.usage);
  }
  return { help: false, json: values.json === true, args: parsed.data };
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parseFlags(argv: string[], options: FlagSpec, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(translateFlagError(err as NodeJS.ErrnoException), usage);
  }
}

/** node's messages are English only and mention internals; say the same thing plainly in both languages. */
export function translateFlagError(err: NodeJS.ErrnoException): string {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项 ${flag} / unknown option ${flag}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(err.message)) return `选项 ${flag} 不带取值 / option ${flag} takes no value`;
    return `选项 ${flag} 缺少取值 / option ${flag} needs a value`;
  }
  return `参数有误 / invalid arguments: ${err.message}`;
}
