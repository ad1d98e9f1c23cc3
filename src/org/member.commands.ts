import type { Lang } from '../i18n';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { members } from '../../db/schema';
import { GROUP_PARAM } from '../commands/params';
import { UserError, defineSub } from '../commands/types';
import type { MemberContext } from '../commands/types';
import { addPerson, PARTY_STATUS_CHOICES, PARTY_STATUSES, partyStatusFromWord, roleFromWord } from './add-person';
import { authzTexts } from './authz.text';
import { targetGroup } from './authz.group';
import { personInScope } from './authz.person';
import type { PersonAction } from './authz.rules';
import { newMemberVerdict } from './authz.rules';
import { isSecretary } from './identity';
import { personName, withInviteLinks } from './org.commands';
import { deactivateMember, grantRole, groupNames, listMembers, OrgConflict, setHomeGroup } from './org.service';
import { recordAudit } from './audit';
import { joinList } from '../i18n';
import { valueLabel } from './org-labels';
import { orgTexts, roleName } from './org.text';

/** The same role words as the CLI and a roster spreadsheet: member|leader|volunteer or 组员|党小组长|志愿者. */
const memberRole = z
  .string()
  .transform((word) => roleFromWord(word) ?? '')
  .pipe(z.enum(['member', 'leader', 'volunteer'], { error: 'role' }));

/** 党员|预备党员|群众, or party|probationary|non-party in English; the record keeps the Chinese. */
const partyStatus = z
  .string()
  .transform((word) => partyStatusFromWord(word) ?? '')
  .pipe(z.enum(PARTY_STATUSES, { error: 'partyStatus' }));

/** A leader adds people to their own group only, and only as members; leaders and volunteers come from the secretary. */
async function groupForNewMember(ctx: MemberContext, groupName: string | undefined, role: 'member' | 'leader' | 'volunteer') {
  const group = role === 'volunteer' && !groupName ? null : await targetGroup(ctx, groupName);
  if (!newMemberVerdict(ctx.actor, role, group?.id ?? null).ok) throw new UserError(authzTexts(ctx.lang).addSecretaryOnly());
  return group;
}

export const memberAdd = defineSub({
  sub: 'add',
  subAliases: ['添加', '新增'],
  access: ['secretary', 'leader'],
  params: [{ key: 'name', label: { zh: '姓名', en: 'NAME' }, take: 'words' }],
  options: {
    group: { zh: '党小组', en: 'GROUP' },
    role: { zh: 'member|leader|volunteer', en: 'member|leader|volunteer' },
    station: { zh: '驻地', en: 'TEXT' },
    status: PARTY_STATUS_CHOICES,
  },
  summary: { zh: '添加成员，回复一次性邀请码', en: 'add a member; replies with an invite code' },
  args: z.object({
    name: personName,
    group: z.string().trim().min(1).optional(),
    role: memberRole.default('member'),
    station: z.string().trim().min(1).max(60).optional(),
    status: partyStatus.default('党员'),
  }),
  run: async (ctx, a) => {
    const t = orgTexts(ctx.lang);
    const group = await groupForNewMember(ctx, a.group, a.role);
    try {
      const person = { name: a.name, groupId: group?.id ?? null, role: a.role, station: a.station, partyStatus: a.status };
      const { member, inviteCode } = await addPerson(ctx, ctx.actor.branchId, person);
      return [{ text: withInviteLinks(ctx, t.memberCreated(member.name, inviteCode), inviteCode), private: true }];
    } catch (err) {
      if (err instanceof OrgConflict) throw new UserError(err.lookAlike ? t.lookAlike(a.name, err.lookAlike) : t.memberExists(a.name));
      throw err;
    }
  },
});

export const memberList = defineSub({
  sub: 'list',
  subAliases: ['列表'],
  access: ['secretary', 'leader'],
  params: [GROUP_PARAM],
  summary: { zh: '成员名单（含驻地，私信发送）', en: 'the roster with stations (sent privately)' },
  args: z.object({ group: z.string().trim().min(1).optional() }),
  run: async (ctx, a) => {
    const t = orgTexts(ctx.lang);
    const everyone = isSecretary(ctx.actor) && !a.group && !ctx.chat.groupId;
    const group = everyone ? null : await targetGroup(ctx, a.group);
    const rows = await listMembers(ctx.db, ctx.actor.branchId, group?.id);
    const names = await groupNames(ctx.db, ctx.actor.branchId);
    const lines = rows.map((m) =>
      t.memberLine({
        name: m.name,
        roles: joinList(
          ctx.lang,
          m.roles.map((r, i) => `${m.groupIds[i] ? `${names.get(m.groupIds[i] as number)} ` : ''}${roleName(ctx.lang, r)}`),
        ),
        station: m.station ?? t.none(),
        status: valueLabel(ctx.lang, 'status', m.partyStatus),
      }),
    );
    return [{ text: t.memberList(lines.join('\n') || t.none()), private: true }];
  },
});

const SETTABLE = ['station', 'status', 'group', 'role', 'lang'] as const;
type MemberKey = (typeof SETTABLE)[number];
/** Station, party status and language are the person's record; group and role are the secretary's decision. */
const ACTION_OF: Record<MemberKey, PersonAction> = { station: 'edit', status: 'edit', lang: 'edit', group: 'set-role', role: 'set-role' };

export const memberSet = defineSub({
  sub: 'set',
  subAliases: ['修改', '设置'],
  access: ['secretary', 'leader'],
  params: [
    { key: 'name', label: { zh: '姓名', en: 'NAME' } },
    { key: 'key', label: { zh: '项', en: 'KEY' } },
    { key: 'value', label: { zh: '值', en: 'VALUE' }, take: 'words' },
  ],
  note: { zh: '（项：station status group role lang）', en: '(keys: station status group role lang)' },
  summary: { zh: '修改成员信息', en: 'change a member record' },
  args: z.object({ name: personName, key: z.string({ error: 'text' }), value: z.string().trim().min(1, { error: 'text' }) }),
  run: async (ctx, a) => {
    const t = orgTexts(ctx.lang);
    if (!(SETTABLE as readonly string[]).includes(a.key)) throw new UserError(t.memberKeyUnknown());
    const key = a.key as MemberKey;
    const member = await personInScope(ctx, a.name, ACTION_OF[key]);
    const value = await applyMemberChange(ctx, member.id, key, a.value);
    await recordAudit(ctx, { action: 'member.set', subjectMemberId: member.id, detail: { key, value } });
    // A station or status is personal: the answer goes to the asker alone, never to the group chat.
    return [{ text: t.memberUpdated(member.name, key, value), private: true }];
  },
});

/** What each key takes, for the refusal of a value it does not. */
const ALLOWED: Record<Lang, Record<MemberKey, string>> = {
  zh: { station: '最多 60 个字的驻地', status: '党员、预备党员或群众', group: '党小组名', role: 'member、leader 或 volunteer', lang: 'zh 或 en' },
  en: {
    station: 'a station of up to 60 characters',
    status: 'party, probationary or non-party',
    group: 'a group name',
    role: 'member, leader or volunteer',
    lang: 'zh or en',
  },
};

/** Writes one field and returns the value as stored (a status or role word typed in English or Chinese, normalised). */
async function applyMemberChange(ctx: MemberContext, memberId: number, key: MemberKey, typed: string): Promise<string> {
  const t = orgTexts(ctx.lang);
  const checks = {
    status: partyStatus,
    lang: z.enum(['zh', 'en']),
    role: memberRole,
    station: z.string().max(60),
    group: z.string(),
  };
  const parsed = checks[key].safeParse(typed);
  if (!parsed.success) throw new UserError(t.memberValueBad(key, typed, ALLOWED[ctx.lang][key]));
  const value = parsed.data;
  if (key === 'station' || key === 'status' || key === 'lang') {
    const column = key === 'status' ? 'partyStatus' : key;
    await ctx.db
      .update(members)
      .set({ [column]: value })
      .where(eq(members.id, memberId));
    return value;
  }
  if (key === 'group') {
    const group = await targetGroup(ctx, value);
    await setHomeGroup(ctx.db, memberId, group.id, 'member');
    return value;
  }
  if (value === 'volunteer') {
    await grantRole(ctx.db, memberId, 'volunteer', null);
    return value;
  }
  const home = (await listMembers(ctx.db, ctx.actor.branchId)).find((m) => m.id === memberId)?.groupIds[0];
  if (!home) throw new UserError(t.whichGroup());
  await setHomeGroup(ctx.db, memberId, home, value as 'member' | 'leader');
  return value;
}

export const memberRemove = defineSub({
  sub: 'remove',
  subAliases: ['移除', '删除'],
  access: ['secretary', 'leader'],
  params: [{ key: 'name', label: { zh: '姓名', en: 'NAME' }, take: 'text' }],
  summary: { zh: '移除成员（记录保留）', en: 'remove a member (records are kept)' },
  args: z.object({ name: personName }),
  run: async (ctx, a) => {
    const member = await personInScope(ctx, a.name, 'remove');
    await deactivateMember(ctx.db, member.id, ctx.now);
    await recordAudit(ctx, { action: 'member.remove', subjectMemberId: member.id });
    return [{ text: orgTexts(ctx.lang).memberRemoved(member.name) }];
  },
});
