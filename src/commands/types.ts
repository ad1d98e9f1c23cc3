import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import type { Action, ChatKind, InboundMessage, Mention, OutboundFile } from '../chat/types';
import type { Lang, Phrase } from '../i18n';

export type Role = 'secretary' | 'leader' | 'member' | 'volunteer';
export type RoleGrant = { role: Role; groupId: number };

/** The person behind a message, resolved from the platform account. */
export type Actor = {
  memberId: number;
  branchId: number;
  name: string;
  lang: Lang;
  roles: RoleGrant[];
};

export type ChatContext = {
  id: number;
  platform: string;
  externalId: string;
  kind: ChatKind;
  groupId: number | null;
};

/** What a handler answers. `private` replies go to the asker's private chat. */
export type Reply = {
  text: string;
  private?: boolean;
  mentions?: Mention[];
  actions?: Action[];
  file?: OutboundFile;
  /** Said in a group, the group sees only "received, details in private" (care and family details). */
  receivedNote?: boolean;
};

type BaseContext = {
  /** The open transaction the whole command runs in. */
  db: Db;
  now: Date;
  chat: ChatContext;
  lang: Lang;
  inbound: InboundMessage;
  /** One-tap join links for an invite code, one per platform that has them (e.g. t.me/<bot>?start=CODE). */
  inviteLinks?: (code: string) => string[];
  /** For the few events an operator must see (e.g. invite codes being guessed); never message text. */
  log?: Logger;
};
export type OpenContext = BaseContext & { actor: Actor | null };
export type MemberContext = BaseContext & { actor: Actor };

export type ArgInput = {
  positional: string[];
  named: Record<string, string>;
  /** The text after the command (and sub-command) words. */
  rest: string;
  /** `rest` split at `|`. */
  pipes: string[];
};

export type Access = 'anyone' | 'member' | readonly Role[];
export type Scope = 'group' | 'private' | 'both';

type DefBase<S extends z.ZodType> = {
  name: string;
  /** Sub-command word, e.g. 'add' in `/member add`. */
  sub?: string;
  aliases?: readonly string[];
  subAliases?: readonly string[];
  scope?: Scope;
  /** Every answer, refusals included, goes to the asker's private chat: the command touches family details. */
  privateReplies?: boolean;
  usage: Phrase;
  summary: Phrase;
  /** Maps the typed words onto the fields `args` validates. */
  input?: (a: ArgInput) => unknown;
  args: S;
};

export type OpenCommand<S extends z.ZodType = z.ZodType> = DefBase<S> & {
  access: 'anyone';
  run: (ctx: OpenContext, args: z.output<S>) => Promise<Reply[]>;
};
export type MemberCommand<S extends z.ZodType = z.ZodType> = DefBase<S> & {
  access: Exclude<Access, 'anyone'>;
  run: (ctx: MemberContext, args: z.output<S>) => Promise<Reply[]>;
};
export type CommandDef = OpenCommand | MemberCommand;

/** Declares a command once; parsing, validation, role checks and /help all come from this. */
export function defineCommand<S extends z.ZodType>(def: MemberCommand<S>): CommandDef {
  return def as unknown as CommandDef;
}

/** A command strangers may use too (before they have joined). */
export function defineOpenCommand<S extends z.ZodType>(def: OpenCommand<S>): CommandDef {
  return def as unknown as CommandDef;
}

/** A failure a handler reports to the user; nothing the command did is kept. */
export class UserError extends Error {
  constructor(
    readonly reply: string,
    /** Answer privately, with only a "received" note in a group chat. */
    readonly privately = false,
  ) {
    super(reply);
  }
}
