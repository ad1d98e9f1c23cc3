import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { members } from '../../db/schema';
import { defineCommand, defineOpenCommand, UserError, defineSub } from '../commands/types';
import type { Actor, MemberContext, OpenContext } from '../commands/types';
import { joinList, type Lang } from '../i18n';
import { authzTexts } from './authz.text';
import { targetGroup } from './authz.group';
import { personInScope } from './authz.person';
import { bindVerdict } from './authz.rules';
import { notifyMembers } from '../audience/audience';
import { cleanName } from '../commands/hygiene';
import { loadActor } from './identity';
import { clearJoinFailures, JOIN_LIMIT, joinLockedUntil, recordJoinFailure, tellSecretariesOfGuessing, throttleKeys } from './join-throttle';
import {
  accountsOf,
  bindChat,
  createGroup,
  createInvite,
  getGroup,
  groupNames,
  leadersAndSecretaries,
  listGroups,
  OrgConflict,
  redeemInvite,
} from './org.service';
import { orgTexts, roleName } from './org.text';
import { recordAudit } from './audit';
import { replyLang } from './reply-lang';
import { valueLabel } from './org-labels';

/** Ten symbols; six-symbol codes issued before codes grew are still read until they expire. */
export const inviteCode = z.string({ error: 'code' }).regex(/^(?:[A-Za-z0-9]{10}|[A-Za-z0-9]{6})$/, { error: 'code' });
export const personName = z
  .string({ error: 'name' })
  .transform(cleanName)
  // A name says who someone is: at least one letter (Han or Latin); digits or emoji alone are no name.
  .pipe(z.string().min(1, { error: 'name' }).max(40, { error: 'name' }).regex(/\p{L}/u, { error: 'name' }));

/** An invite text plus each platform's one-tap join link for the code (Telegram: t.me/<bot>?start=CODE). */
export function withInviteLinks(ctx: { lang: Lang; inviteLinks?: (code: string) => string[] }, text: string, code: string): string {
  const links = ctx.inviteLinks?.(code) ?? [];
  return [text, ...links.map((link) => orgTexts(ctx.lang).inviteLink(link))].join('\n');
}

export function describeRoles(lang: Lang, actor: Actor, names: Map<number, string>): string {
  return joinList(
    lang,
    actor.roles.map((g) => (g.groupId ? `${names.get(g.groupId) ?? g.groupId} ${roleName(lang, g.role)}` : roleName(lang, g.role))),
  );
}

const joinCommand = (name: string, aliases: string[]) =>
  defineOpenCommand({
    name,
    aliases,
    access: 'anyone',
    params: [{ key: 'code', label: { zh: '邀请码', en: 'CODE' } }],
    summary: { zh: '用一次性邀请码绑定本账号', en: 'bind this account with a one-time invite code' },
    args: z.object({ code: name === 'start' ? inviteCode.optional() : inviteCode }),
    run: async (ctx, { code }) => {
      const t = orgTexts(ctx.lang);
      if (!code) return [{ text: ctx.actor ? t.alreadyJoined(ctx.actor.name) : t.welcome() }];
      const keys = throttleKeys(ctx.chat.platform, ctx.inbound.senderId, ctx.chat.externalId, ctx.chat.kind);
      const lockedUntil = await joinLockedUntil(ctx.db, keys, ctx.now);
      if (lockedUntil) return [{ text: t.joinThrottled(Math.ceil((lockedUntil.getTime() - ctx.now.getTime()) / 60_000), JOIN_LIMIT) }];
      const account = { platform: ctx.chat.platform, externalId: ctx.inbound.senderId, displayName: ctx.inbound.senderName };
      const result = await redeemInvite(ctx.db, code, account, ctx.now);
      // A wrong code is answered, not thrown: the refusal must keep the failure it counted.
      if (!result.ok) return [{ text: await joinFailed(ctx, keys, result.reason) }];
      await clearJoinFailures(ctx.db, keys);
      const actor = await loadActor(ctx.db, result.memberId);
      if (!actor) throw new UserError(t.inviteUnknown());
      await recordAudit({ ...ctx, actor }, { action: 'join', subjectMemberId: actor.memberId, detail: { platform: ctx.chat.platform } });
      // From now on the newcomer is answered in their group's language; so is this first answer.
      const lang = await replyLang(ctx.db, actor, ctx.chat);
      return [{ text: orgTexts(lang).joined(actor.name, describeRoles(lang, actor, await groupNames(ctx.db, actor.branchId))) }];
    },
  });

type JoinFailure = Exclude<Awaited<ReturnType<typeof redeemInvite>>, { ok: true }>['reason'];

/** Counts the failure; the one that locks `/join` is logged and told to the secretary. */
async function joinFailed(ctx: OpenContext, keys: string[], reason: JoinFailure): Promise<string> {
  const t = orgTexts(ctx.lang);
  if (await recordJoinFailure(ctx.db, keys, ctx.now)) {
    ctx.log?.warn(
      { platform: ctx.chat.platform, chatKind: ctx.chat.kind, failures: JOIN_LIMIT.failures },
      'join locked after repeated wrong invite codes',
    );
    await tellSecretariesOfGuessing(ctx.db, ctx.now, ctx.chat.platform);
  }
  const reasons = {
    unknown: t.inviteUnknown,
    used: t.inviteUsed,
    superseded: t.inviteSuperseded,
    expired: t.inviteExpired,
    'bound-elsewhere': t.boundElsewhere,
  };
  return reasons[reason]();
}

export const join = joinCommand('join', ['加入']);
/** Telegram's deep link `t.me/<bot>?start=CODE` arrives as `/start CODE`. */
export const start = joinCommand('start', ['开始']);

export const whoami = defineCommand({
  name: 'whoami',
  aliases: ['我是谁'],
  access: 'member',
  summary: { zh: '我的成员档案、所属党小组和角色', en: 'your member record, group and roles' },
  args: z.object({}),
  run: async (ctx) => {
    const t = orgTexts(ctx.lang);
    const [me] = await ctx.db.select().from(members).where(eq(members.id, ctx.actor.memberId));
    const accounts = await accountsOf(ctx.db, ctx.actor.memberId);
    return [
      {
        text: t.whoami({
          name: ctx.actor.name,
          status: valueLabel(ctx.lang, 'status', me?.partyStatus ?? ''),
          station: me?.station ?? t.none(),
          roles: describeRoles(ctx.lang, ctx.actor, await groupNames(ctx.db, ctx.actor.branchId)) || t.none(),
          accounts: accounts.map((a) => a.platform).join(', '),
        }),
      },
    ];
  },
});

const ENGLISH_WORDS = ['en', '英文', 'english'];

/** `/lang zh|en`: the member's own language, for replies and private messages; a group's language is a setting. */
export const lang = defineCommand({
  name: 'lang',
  aliases: ['语言'],
  access: 'member',
  usage: { zh: '/lang zh|en（中文|英文）', en: '/lang zh|en (Chinese|English)' },
  summary: { zh: '设置我的语言：回复和私信用中文或英文', en: 'set your own language: replies and private messages in Chinese or English' },
  input: (a) => ({ lang: a.positional[0]?.toLowerCase() }),
  args: z.object({
    lang: z
      .enum(['zh', 'en', '中文', '英文', 'chinese', 'english'], { error: 'lang' })
      .transform((l): Lang => (ENGLISH_WORDS.includes(l) ? 'en' : 'zh')),
  }),
  run: async (ctx, a) => {
    await ctx.db.update(members).set({ lang: a.lang }).where(eq(members.id, ctx.actor.memberId));
    await recordAudit(ctx, { action: 'member.set', subjectMemberId: ctx.actor.memberId, detail: { key: 'lang', value: a.lang } });
    // Confirmed in the language just chosen: it is the one the member reads from now on.
    return [{ text: orgTexts(a.lang).ownLangSet() }];
  },
});

const CONFIRM_WORDS = new Set(['确认', 'confirm']);

export const bind = defineCommand({
  name: 'bind',
  aliases: ['绑定'],
  access: ['secretary', 'leader'],
  scope: 'group',
  usage: {
    zh: '/bind [党小组名称] [确认]（党小组长不写名称即为本组）',
    en: '/bind [GROUP] [confirm] (a leader may leave GROUP out for their own group)',
  },
  summary: { zh: '把本群设为该党小组的课堂', en: 'make this chat a classroom of GROUP' },
  input: (a) => {
    const confirm = CONFIRM_WORDS.has(a.positional.at(-1)?.toLowerCase() ?? '');
    return { group: (confirm ? a.positional.slice(0, -1) : a.positional).join(' ') || undefined, confirm };
  },
  args: z.object({ group: personName.optional(), confirm: z.boolean() }),
  run: async (ctx, a) => {
    const group = await targetGroup(ctx, a.group);
    const previous = ctx.chat.groupId === null ? null : await getGroup(ctx.db, ctx.chat.groupId);
    const verdict = bindVerdict(ctx.actor, previous?.id ?? null, group.id, a.confirm);
    if (!verdict.ok) {
      const t = authzTexts(ctx.lang);
      const from = previous?.name ?? '';
      throw new UserError(verdict.why === 'confirm-rebind' ? t.confirmRebind(from, group.name) : t.boundToOtherGroup(from));
    }
    await bindChat(ctx.db, ctx.chat.id, group.id, ctx.now);
    const chat = `${ctx.chat.platform}:${ctx.chat.externalId}`;
    await recordAudit(ctx, { action: 'bind', groupId: group.id, detail: { previousGroupId: previous?.id ?? null, chat } });
    if (previous && previous.id !== group.id) await tellLeadersOfMove(ctx, previous, group);
    return [{ text: orgTexts(ctx.lang).bound(group.name) }];
  },
});

/** Both groups' leaders hear privately that a classroom changed hands (the one who moved it excepted). */
async function tellLeadersOfMove(ctx: MemberContext, from: { id: number; name: string }, to: { id: number; name: string }) {
  const room = ctx.inbound.chatTitle ?? ctx.chat.externalId;
  const leaders = new Set<number>();
  for (const g of [from, to]) for (const id of (await leadersAndSecretaries(ctx.db, g.id, ctx.actor.branchId)).leaders) leaders.add(id);
  leaders.delete(ctx.actor.memberId);
  const text = (lang: Lang) => orgTexts(lang).classroomMoved(room, from.name, to.name);
  await notifyMembers(ctx.db, ctx.now, leaders, { text, dedupKey: `bind:${ctx.chat.id}:${ctx.now.getTime()}`, purpose: 'bind' });
}

export const groupAdd = defineSub({
  sub: 'add',
  subAliases: ['添加', '新建'],
  access: ['secretary'],
  params: [{ key: 'name', label: { zh: '名称', en: 'NAME' }, take: 'text' }],
  summary: { zh: '新建党小组', en: 'create a group' },
  args: z.object({ name: personName }),
  run: async (ctx, { name }) => {
    const t = orgTexts(ctx.lang);
    try {
      const group = await createGroup(ctx.db, ctx.actor.branchId, name);
      await recordAudit(ctx, { action: 'group.add', groupId: group.id });
    } catch (err) {
      if (err instanceof OrgConflict) throw new UserError(err.lookAlike ? t.lookAlike(name, err.lookAlike) : t.groupExists(name));
      throw err;
    }
    return [{ text: t.groupCreated(name) }];
  },
});

export const groupList = defineSub({
  sub: 'list',
  subAliases: ['列表'],
  access: ['secretary'],
  summary: { zh: '党小组及其党小组长、成员数和课堂', en: 'groups with their leaders, members and classrooms' },
  args: z.object({}),
  run: async (ctx) => {
    const t = orgTexts(ctx.lang);
    const rows = await listGroups(ctx.db, ctx.actor.branchId);
    if (rows.length === 0) return [{ text: t.noGroups() }];
    const lines = rows.map((g) =>
      t.groupLine({
        name: g.name,
        leaders: joinList(ctx.lang, g.leaders) || t.none(),
        count: g.members.length,
        chats: joinList(ctx.lang, g.chats) || t.none(),
      }),
    );
    return [{ text: t.groupList(lines.join('\n')) }];
  },
});

export const invite = defineCommand({
  name: 'invite',
  aliases: ['邀请'],
  access: ['secretary', 'leader'],
  params: [{ key: 'name', label: { zh: '姓名', en: 'NAME' }, take: 'text' }],
  summary: { zh: '为成员生成新的一次性邀请码（7 天内有效）', en: 'issue a member a fresh single-use invite code (valid for 7 days)' },
  args: z.object({ name: personName }),
  run: async (ctx, { name }) => {
    const member = await personInScope(ctx, name, 'invite');
    const code = await createInvite(ctx.db, member.id, ctx.now);
    await recordAudit(ctx, { action: 'invite', subjectMemberId: member.id });
    return [{ text: withInviteLinks(ctx, orgTexts(ctx.lang).inviteCreated(member.name, code), code), private: true }];
  },
});
