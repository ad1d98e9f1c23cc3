import type { z } from 'zod';
import { asLang } from '../i18n';
import type { Lang } from '../i18n';
import { argProblems, coreTexts, genericProblems } from './commands.text';
import type { ParsedCommand } from './parser';
import { commandLabel, hasAccess } from './registry';
import type { CommandRegistry } from './registry';
import type { ArgInput, CommandDef, OpenContext, Reply } from './types';
import { UserError } from './types';

/** Access, scope and argument checks in one place; then the handler. */
export async function dispatch(registry: CommandRegistry, parsed: ParsedCommand, ctx: OpenContext): Promise<Reply[]> {
  const t = coreTexts(ctx.lang);
  const found = registry.resolve(parsed);
  if (found.kind === 'unknown') return [{ text: t.unknownCommand(found.word) }];
  if (found.kind === 'choose-sub') {
    const usable = found.defs.filter((d) => hasAccess(ctx.actor, d));
    if (usable.length === 0) return [{ text: ctx.actor ? t.notAllowed(`/${parsed.word}`) : t.notBound() }];
    return [{ text: t.chooseSub(usable.map((d) => `${d.usage[ctx.lang]} — ${d.summary[ctx.lang]}`).join('\n')) }];
  }
  return privately(found.def, await checkAndRun(found.def, found.input, ctx));
}

async function checkAndRun(def: CommandDef, input: ArgInput, ctx: OpenContext): Promise<Reply[]> {
  const t = coreTexts(ctx.lang);
  const label = commandLabel(def);
  if (def.access !== 'anyone' && !ctx.actor) return [{ text: t.notBound() }];
  if (!hasAccess(ctx.actor, def)) return [{ text: t.notAllowed(label) }];
  const scope = def.scope ?? 'both';
  if (scope === 'group' && ctx.chat.kind !== 'group') return [{ text: t.groupOnly(label) }];
  if (scope === 'private' && ctx.chat.kind !== 'private') return [{ text: t.privateOnly(label) }];
  const prepared = def.prepare(input);
  if (!prepared.ok) return [{ text: t.badArgs(describeProblems(ctx.lang, prepared.error), def.usage[ctx.lang]) }];
  return runDef(def, ctx, prepared.run);
}

async function runDef(def: CommandDef, ctx: OpenContext, run: (ctx: OpenContext) => Promise<Reply[]>): Promise<Reply[]> {
  try {
    return await run(ctx);
  } catch (err) {
    // Rethrown, so the savepoint still undoes the work; only where the refusal is answered changes.
    if (err instanceof UserError && def.privateReplies && !err.privately) throw new UserError(err.reply, true);
    throw err;
  }
}

const privately = (def: CommandDef, replies: Reply[]): Reply[] =>
  def.privateReplies ? replies.map((r) => ({ ...r, private: true, receivedNote: true })) : replies;

/** zod issues in the reader's language; a schema may name a problem from `argProblems` instead. */
export function describeProblems(lang: Lang, error: z.ZodError): string {
  const known = argProblems(asLang(lang)) as Record<string, () => string>;
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const named = known[issue.message];
    seen.add(named ? named() : describeIssue(asLang(lang), issue));
  }
  return [...seen].join(lang === 'en' ? '; ' : '；');
}

/** Never zod's own English: its text would land inside a Chinese reply. */
function describeIssue(lang: Lang, issue: z.core.$ZodIssue): string {
  const t = genericProblems(lang);
  if (issue.code === 'too_big') return issue.origin === 'string' ? t.tooLong(Number(issue.maximum)) : t.tooBig(Number(issue.maximum));
  if (issue.code === 'too_small') return issue.origin === 'string' ? t.tooShort(Number(issue.minimum)) : t.tooSmall(Number(issue.minimum));
  return t.wrongForm();
}
