import type { MemberContext } from '../commands/types';
import { UserError } from '../commands/types';
import { isSecretary } from '../org/identity';
import { findMember } from '../org/org.service';
import { orgTexts } from '../org/org.text';
import { familyTexts } from './family.text';
import { maySeeFamily } from './family.service';

export type Person = { id: number; name: string };

const AT = /^[@＠](.+)$/;

/**
 * Whose family a command is about: `@姓名` first names the member; the secretary may also write the bare name
 * when more words follow than the command needs (`/family add 张云 …`). Otherwise it is the caller's own.
 */
export async function splitOwner(ctx: MemberContext, words: string[], ownWords: number): Promise<{ owner: Person; words: string[] }> {
  const at = AT.exec(words[0] ?? '')?.[1];
  const bare = !at && isSecretary(ctx.actor) && words.length > ownWords ? words[0] : undefined;
  const bareMember = bare ? await findMember(ctx.db, ctx.actor.branchId, bare) : null;
  if (!at && !bareMember) return { owner: { id: ctx.actor.memberId, name: ctx.actor.name }, words };
  const member = bareMember ?? (await findMember(ctx.db, ctx.actor.branchId, at ?? ''));
  if (!member) throw new UserError(orgTexts(ctx.lang).noSuchMember(at ?? ''));
  return { owner: { id: member.id, name: member.name }, words: words.slice(1) };
}

/** Writing someone else's family or tickets is the secretary's. */
export function requireOwnerOrSecretary(ctx: MemberContext, owner: Person): void {
  if (owner.id !== ctx.actor.memberId && !isSecretary(ctx.actor)) throw new UserError(familyTexts(ctx.lang).notYours());
}

/** Reading a family: the member, the secretary, or the volunteer serving it. */
export async function requireMaySee(ctx: MemberContext, owner: Person): Promise<void> {
  if (await maySeeFamily(ctx.db, ctx.actor, owner.id)) return;
  const t = familyTexts(ctx.lang);
  throw new UserError(ctx.actor.roles.some((r) => r.role === 'volunteer') ? t.notServing(owner.name) : t.notYours());
}
