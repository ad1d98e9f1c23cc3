import type { z } from 'zod';

/** What the CLI touches of the outside world; tests pass their own. */
export type CliIo = {
  stdout: { write(chunk: string): unknown };
  /** `isTTY`: a person is watching, so long work may show progress. */
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Where relative paths (CSV, --out, the PGlite dir) are resolved; defaults to process.cwd(). */
  cwd?: string;
};

/** A successful command answers both ways; runCli prints the one that was asked for. */
export type CliOutput = { json: Record<string, unknown>; text: string };

export type OptionSpec = { type: 'string' | 'boolean'; short?: string };

/**
 * One subcommand, declared once: its words, flags and argument schema. Usage errors and
 * `help` come from this declaration, so they cannot drift apart.
 */
export type CliCommand<S extends z.ZodType = z.ZodType> = {
  words: readonly string[];
  /** The positional words after the command words, in order, as shown in the usage line. */
  positionals: readonly string[];
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  args: S;
  run(ctx: CliContext, args: z.output<S>): Promise<CliOutput>;
};

export type CliContext = { io: CliIo; cwd: string; now: Date };

/** Bad words or flags: exit status 2, with the command's usage line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** Anything else that stops the command: exit status 1. */
export class CliFailure extends Error {}

/** Lets each command keep its own argument type while living in one list. */
export function defineCliCommand<S extends z.ZodType>(command: CliCommand<S>): CliCommand {
  return command as unknown as CliCommand;
}
