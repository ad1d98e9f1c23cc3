import { calendarImportCommand } from './calendar.command';
import { exportCommand } from './export.command';
import { groupAddCommand } from './group.command';
import { importCommand } from './import.command';
import { initCommand } from './init.command';
import { memberAddCommand } from './member.command';
import { migrateCommand } from './migrate.command';
import type { CliCommand } from './types';

/** Every subcommand, in the order `help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  groupAddCommand,
  memberAddCommand,
  importCommand,
  calendarImportCommand,
  exportCommand,
  migrateCommand,
];

export type Lookup = { command: CliCommand; rest: string[] } | { command: null; near: CliCommand[] };

/** Matches the leading words (`member add …`); on no match, the commands sharing the first word. */
export function findCommand(words: string[]): Lookup {
  for (const command of COMMANDS) {
    if (command.words.every((w, i) => words[i] === w)) return { command, rest: words.slice(command.words.length) };
  }
  return { command: null, near: COMMANDS.filter((c) => c.words[0] === words[0]) };
}
