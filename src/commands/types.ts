import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Action, ChatKind, InboundMessage, Mention, OutboundFile } from '../chat/types';
import type { Lang, Phrase } from '../i18n';
import { inputFromParams, usageLine } from './params';
import type { ParamsDecl } from './params';
import type { groups } from '../../db/schema';

export type Role = 'secretary' | 'leader' | 'member' | 'volunteer';
export type RoleGrant = { role: Role; groupId: number };

/** A group's row as stored. */
export type GroupRow = typeof groups.$inferSelect;

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
  /** Said in a group, the group sees "I asked you something privately" (a check-in's follow-up question). */
  askedNote?: boolean;
};

type BaseContext = {
  /** The open transaction the whole command runs in. */
  db: Db;
  now: Date;
  chat: ChatContext;
  lang: Lang;
  inbound: InboundMessage;
  /** The chat's group and the sender's own groups as read at the start of the message (not after its changes). */
  groups?: ReadonlyMap<number, GroupRow>;
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

type DefBase<S extends z.ZodType> = ParamsDecl<FieldOf<S>> & {
  name: string;
  /** Sub-command word, e.g. 'add' in `/member add`. */
  sub?: string;
  aliases?: readonly string[];
  subAliases?: readonly string[];
  scope?: Scope;
  /** Every answer, refusals included, goes to the asker's private chat: the command touches family details. */
  privateReplies?: boolean;
  /**
   * The roles whose /help lists it, when narrower than who may run it: a command that needs a group (/leave, /my)
   * is not offered to a volunteer who belongs to none (running it still explains why not).
   */
  listedFor?: readonly Role[];
  /** Written out only where the words are read by hand (`input`); otherwise derived from `params` and `options`. */
  usage?: Phrase;
  summary: Phrase;
  /** Maps the typed words onto the fields `args` validates, where `params` cannot say it. */
  input?: (a: ArgInput) => unknown;
  args: S;
};
/** The names of a schema's fields, so a declared parameter cannot name a field the schema does not have. */
type FieldOf<S extends z.ZodType> = Extract<keyof z.input<S>, string>;

export type OpenCommand<S extends z.ZodType = z.ZodType> = DefBase<S> & {
  access: 'anyone';
  run: (ctx: OpenContext, args: z.output<S>) => Promise<Reply[]>;
};
export type MemberCommand<S extends z.ZodType = z.ZodType> = DefBase<S> & {
  access: Exclude<Access, 'anyone'>;
  run: (ctx: MemberContext, args: z.output<S>) => Promise<Reply[]>;
};

/** The typed words checked against a declaration: its handler bound to the checked arguments, or zod's findings. */
export type Prepared = { ok: true; run(ctx: OpenContext): Promise<Reply[]> } | { ok: false; error: z.ZodError };

/** A declared command with its argument types sealed inside: checking the words and binding the handler is one step. */
export type CommandDef = Pick<
  DefBase<z.ZodType>,
  'name' | 'sub' | 'aliases' | 'subAliases' | 'scope' | 'privateReplies' | 'listedFor' | 'summary'
> & {
  usage: Phrase;
  access: Access;
  prepare(words: ArgInput): Prepared;
};

type Unnamed<T> = Omit<T, 'name' | 'aliases'>;
/** A sub-command of a family (`/meeting new`): its word and what it does; the family gives the name and aliases. */
export type FamilyMember = Omit<Unnamed<CommandDef>, 'usage'> & { sub: string; usageFor(head: string): Phrase };

function sealed<S extends z.ZodType, C>(def: DefBase<S>, toCtx: (ctx: OpenContext) => C, run: (ctx: C, args: z.output<S>) => Promise<Reply[]>) {
  const { input, args, params, options, note, usage, ...described } = def;
  const decl: ParamsDecl = { params, options, note };
  const read = input ?? (params || options ? (words: ArgInput) => inputFromParams(decl, words) : undefined);
  return {
    ...described,
    usageFor: (head: string): Phrase => usage ?? { zh: usageLine('zh', head, decl), en: usageLine('en', head, decl) },
    prepare(words: ArgInput): Prepared {
      // A command that declares no arguments refuses words after it rather than acting as if they were not there.
      if (!read && words.rest.trim())
        return { ok: false, error: new z.ZodError([{ code: 'custom', message: 'noArguments', path: [], input: words.rest }]) };
      const checked = args.safeParse(read ? read(words) : {});
      if (!checked.success) return { ok: false, error: checked.error };
      return { ok: true, run: (ctx) => run(toCtx(ctx), checked.data) };
    },
  };
}

/** The router checks the role before it runs a member command, so a member command always has its actor. */
function asMember(ctx: OpenContext): MemberContext {
  const actor = ctx.actor;
  if (!actor) throw new Error('a member command ran without a member');
  return { ...ctx, actor };
}

function named({ usageFor, ...def }: ReturnType<typeof sealed>, access: Access): CommandDef {
  return { ...def, usage: usageFor(def.sub ? `/${def.name} ${def.sub}` : `/${def.name}`), access };
}

/** Declares a command once; parsing, validation, role checks and /help all come from this. */
export function defineCommand<S extends z.ZodType>(def: MemberCommand<S>): CommandDef {
  return named(sealed(def, asMember, def.run), def.access);
}

/** A command strangers may use too (before they have joined). */
export function defineOpenCommand<S extends z.ZodType>(def: OpenCommand<S>): CommandDef {
  return named(
    sealed(def, (ctx) => ctx, def.run),
    def.access,
  );
}

/** A sub-command, declared without the family's name and aliases (see `commandFamily`). */
export function defineSub<S extends z.ZodType>(def: Unnamed<MemberCommand<S>> & { sub: string }): FamilyMember {
  const { run, access } = def;
  return { ...sealed({ ...def, name: '' }, asMember, run), access, sub: def.sub };
}

/**
 * A command family (`/meeting new|list|…`): the name and its aliases are declared once, here, for every
 * sub-command; the router, `/help`, the "say what to do" answer and the Telegram menu all read them from the result.
 */
export function commandFamily(head: { name: string; aliases?: readonly string[] }, members: readonly FamilyMember[]): CommandDef[] {
  return members.map(({ usageFor, ...m }) => ({ ...m, name: head.name, aliases: head.aliases, usage: usageFor(`/${head.name} ${m.sub}`) }));
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
