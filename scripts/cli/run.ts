import { parseCommandArgs } from './args';
import { findCommand } from './commands';
import { helpText } from './help';
import type { CliContext, CliIo } from './types';
import { CliFailure, UsageError } from './types';
import { scrubSecrets } from '../../src/log';

export type { CliIo } from './types';

const GENERAL_USAGE = 'yemai help   （查看全部命令 / lists every command）';

/**
 * The whole CLI as a function: argv in, exit status out (0 ok, 2 usage, 1 anything else).
 * Output is written only once the command has succeeded, so a failure leaves stdout empty.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, cwd: io.cwd ?? process.cwd(), now: io.now() };
  // `--json` / `--help` may come before the subcommand: `yemai --json init …`.
  let json = false;
  let i = 0;
  for (; i < argv.length && argv[i]?.startsWith('-'); i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--help' || argv[i] === '-h') return printHelp(io, json);
    else return fail(io, new UsageError(`不认识的选项 ${argv[i]} / unknown option ${argv[i]}`, GENERAL_USAGE));
  }
  const words = argv.slice(i);
  if (words.length === 0 || words[0] === 'help') return printHelp(io, json || words.includes('--json'));
  const found = findCommand(words);
  if (!found.command) {
    const usage = found.near.length > 0 ? found.near.map((c) => c.usage).join('\n') : GENERAL_USAGE;
    const what =
      found.near.length > 0
        ? `缺少或不认识的子命令 / missing or unknown subcommand: ${words.join(' ')}`
        : `不认识的命令“${words[0]}” / unknown command "${words[0]}"`;
    return fail(io, new UsageError(what, usage));
  }
  try {
    const parsed = parseCommandArgs(found.command, found.rest);
    if (parsed.help) {
      io.stdout.write(`用法 / usage:\n  ${found.command.usage}\n${found.command.summary}\n`);
      return 0;
    }
    const out = await found.command.run(ctx, parsed.args);
    io.stdout.write(json || parsed.json ? `${JSON.stringify(out.json)}\n` : `${out.text}\n`);
    return 0;
  } catch (err) {
    return fail(io, err, io.env.DATABASE_URL);
  }
}

function printHelp(io: CliIo, json: boolean): number {
  io.stdout.write(json ? `${JSON.stringify({ help: helpText() })}\n` : `${helpText()}\n`);
  return 0;
}

function fail(io: CliIo, err: unknown, secret?: string): number {
  if (err instanceof UsageError) {
    io.stderr.write(`错误 / error: ${err.message}\n用法 / usage:\n  ${err.usage ?? GENERAL_USAGE}\n`);
    return 2;
  }
  if (err instanceof CliFailure) {
    io.stderr.write(`错误 / error: ${err.message}\n`);
    return 1;
  }
  // Unexpected: still one readable line, with any connection string's secrets removed.
  const message = scrubSecrets(err instanceof Error ? err.message : String(err), [secret]);
  io.stderr.write(`出错了，未做任何更改 / failed, nothing was changed: ${message}\n`);
  return 1;
}
