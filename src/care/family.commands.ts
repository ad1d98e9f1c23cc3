import { z } from 'zod';
import { describeProblems } from '../commands/dispatch';
import type { MemberContext } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import { recordAudit } from '../org/audit';
import { isSecretary } from '../org/identity';
import { usageError } from '../commands/usage-error';
import { addContact, contactsOf, findContact, isDistrictLevel, membersWithFamily, normalisePhone, removeContact } from './family.service';
import type { FamilyContact } from './family.service';
import { familyTexts } from './family.text';
import { requireMaySee, requireOwnerOrSecretary, splitOwner } from './target';

const FAMILY = { name: 'family', aliases: ['家属'], privateReplies: true } as const;
const words = (a: { positional: string[] }) => ({ words: a.positional });
const wordList = z.object({ words: z.array(z.string()) });

const addUsage = {
  zh: '/family add [@成员] 姓名 关系 区县 电话 [备注]（如 /family add 李秀英 母亲 滁州市南谯区 13912345678 行动不便）',
  en: '/family add [@MEMBER] NAME RELATION DISTRICT PHONE [NOTES] (e.g. /family add Xiuying mother Nanqiao 13912345678 walks with difficulty)',
};
const contactFields = z.object({
  name: z.string({ error: 'name' }).trim().min(1, { error: 'name' }).max(20),
  relation: z.string({ error: 'text' }).trim().min(1, { error: 'text' }).max(10),
  district: z.string({ error: 'text' }).trim().min(2, { error: 'text' }).max(30),
  phone: z.string({ error: 'text' }).trim().min(1, { error: 'text' }),
  notes: z.string().trim().max(100).optional(),
});

export function contactView(c: FamilyContact) {
  return { id: c.id, name: c.name, relation: c.relation, district: c.district, phone: c.phone, notes: c.notes };
}

export const familyAdd = defineCommand({
  ...FAMILY,
  sub: 'add',
  subAliases: ['添加', '登记'],
  access: 'member',
  usage: addUsage,
  summary: {
    zh: '登记家属联系人（仅本人、支部书记和负责的志愿者可见）',
    en: 'register a family contact (seen only by you, the secretary and the serving volunteer)',
  },
  input: words,
  args: wordList,
  run: async (ctx, a) => {
    const t = familyTexts(ctx.lang);
    const { owner, words: w } = await splitOwner(ctx, a.words, 4);
    requireOwnerOrSecretary(ctx, owner);
    const fields = contactFields.safeParse({ name: w[0], relation: w[1], district: w[2], phone: w[3], notes: w.slice(4).join(' ') || undefined });
    if (!fields.success) throw usageError(ctx.lang, describeProblems(ctx.lang, fields.error), addUsage);
    const phone = normalisePhone(fields.data.phone);
    if (!phone) throw new UserError(t.badPhone(fields.data.phone));
    if (!isDistrictLevel(fields.data.district)) throw new UserError(t.notDistrict(fields.data.district));
    const row = await addContact(ctx.db, owner.id, { ...fields.data, phone, notes: fields.data.notes ?? null }, ctx.actor.memberId, ctx.now);
    return [{ text: t.added(owner.name, contactView(row)) }];
  },
});

async function listFamilies(ctx: MemberContext, memberIds: number[]): Promise<string> {
  const t = familyTexts(ctx.lang);
  const rows = await contactsOf(ctx.db, memberIds);
  const owners = [...new Set(rows.map((r) => r.memberName))];
  return owners.map((o) => [t.header(o), ...rows.filter((r) => r.memberName === o).map((r) => t.line(contactView(r)))].join('\n')).join('\n\n');
}

const listDef = {
  ...FAMILY,
  access: 'member' as const,
  usage: { zh: '/family list [@成员]', en: '/family list [@MEMBER]' },
  summary: { zh: '查看家属登记（支部书记不写成员名时看全部）', en: 'see the family register (without a name, the secretary sees everyone)' },
  input: words,
  args: wordList,
  run: async (ctx: MemberContext, a: { words: string[] }) => {
    const t = familyTexts(ctx.lang);
    const named = a.words.length > 0;
    const { owner } = await splitOwner(ctx, named && !/^[@＠]/.test(a.words[0] ?? '') ? [`@${a.words[0]}`] : a.words, 1);
    if (!named && isSecretary(ctx.actor)) {
      const owners = await membersWithFamily(ctx.db, ctx.actor.branchId);
      // Family details are the most private data the bot keeps: whoever reads someone else's is on record.
      await recordAudit(ctx, { action: 'family.view-all', detail: { members: owners.length } });
      const text = await listFamilies(ctx, owners);
      return [{ text: text || t.noneAtAll() }];
    }
    await requireMaySee(ctx, owner);
    if (owner.id !== ctx.actor.memberId) await recordAudit(ctx, { action: 'family.view', subjectMemberId: owner.id });
    return [{ text: (await listFamilies(ctx, [owner.id])) || t.none(owner.name) }];
  },
};

export const familyList = defineCommand({ ...listDef, sub: 'list', subAliases: ['列表', '查看'] });
/** `/family` alone lists too, so the bare word never prints a menu into a group. */
export const familyShow = defineCommand(listDef);

export const familyRemove = defineCommand({
  ...FAMILY,
  sub: 'remove',
  subAliases: ['删除'],
  access: 'member',
  usage: { zh: '/family remove [@成员] 编号或姓名', en: '/family remove [@MEMBER] ID-or-NAME' },
  summary: { zh: '删除一位家属联系人', en: 'remove a family contact' },
  input: words,
  args: z.object({ words: z.array(z.string()).min(1, { error: 'text' }) }),
  run: async (ctx, a) => {
    const t = familyTexts(ctx.lang);
    const { owner, words: w } = await splitOwner(ctx, a.words, 1);
    requireOwnerOrSecretary(ctx, owner);
    const ref = w.join(' ');
    const contact = ref ? await findContact(ctx.db, owner.id, ref) : null;
    if (!contact) throw new UserError(t.noSuchContact(owner.name, ref));
    await removeContact(ctx.db, contact.id);
    return [{ text: t.removed(owner.name, contact.name) }];
  },
});

export const FAMILY_COMMANDS = [familyAdd, familyList, familyShow, familyRemove];
