import type { Actor, ArgInput, CommandDef, Role } from './types';
import type { ParsedCommand } from './parser';
import { splitArgs, splitPipes } from './parser';

export type Resolution =
  | { kind: 'command'; def: CommandDef; input: ArgInput }
  | { kind: 'choose-sub'; defs: CommandDef[] }
  | { kind: 'unknown'; word: string };

export class CommandRegistry {
  private readonly byWord = new Map<string, CommandDef[]>();
  readonly all: CommandDef[] = [];

  constructor(defs: readonly CommandDef[]) {
    for (const def of defs) this.add(def);
  }

  private add(def: CommandDef): void {
    this.all.push(def);
    for (const word of [def.name, ...(def.aliases ?? [])]) {
      const key = word.toLowerCase();
      this.byWord.set(key, [...(this.byWord.get(key) ?? []), def]);
    }
  }

  resolve(parsed: ParsedCommand): Resolution {
    const defs = this.byWord.get(parsed.word);
    if (!defs) return { kind: 'unknown', word: parsed.word };
    const first = parsed.tokens[0]?.toLowerCase();
    const withSub = first === undefined ? undefined : defs.find((d) => d.sub !== undefined && subWords(d).includes(first));
    if (withSub) {
      const rest = parsed.rest.replace(/^[^\s\u3000]+[\s\u3000]*/, '');
      return { kind: 'command', def: withSub, input: argInput(parsed.tokens.slice(1), rest) };
    }
    const plain = defs.find((d) => d.sub === undefined);
    if (plain) return { kind: 'command', def: plain, input: argInput(parsed.tokens, parsed.rest) };
    return { kind: 'choose-sub', defs };
  }

  /** Commands in declaration order that this person (or a stranger, when null) may use. */
  usableBy(actor: Actor | null): CommandDef[] {
    return this.all.filter((def) => hasAccess(actor, def));
  }
}

const subWords = (def: CommandDef): string[] => [def.sub ?? '', ...(def.subAliases ?? [])].map((w) => w.toLowerCase());

function argInput(tokens: string[], rest: string): ArgInput {
  return { ...splitArgs(tokens), rest, pipes: splitPipes(rest) };
}

export const hasRole = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((g) => roles.includes(g.role));

export function hasAccess(actor: Actor | null, def: CommandDef): boolean {
  if (def.access === 'anyone') return true;
  if (!actor) return false;
  if (def.access === 'member') return true;
  return hasRole(actor, def.access);
}

export const commandLabel = (def: CommandDef): string => `/${def.name}${def.sub ? ` ${def.sub}` : ''}`;
