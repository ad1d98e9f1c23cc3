import { z } from 'zod';
import { mainClassrooms } from '../../db/schema';
import { defineCommand } from '../commands/types';
import { defineTexts } from '../i18n';
import { recordAudit } from '../org/audit';

const texts = defineTexts({
  isMain: {
    zh: () => '✅ 本群已设为支部主课堂：全支部的学习和会议通知会发到这里；在这里签到记为「主课堂（现场）」。其他已绑定的群是各党小组的分课堂。',
    en: () =>
      "✅ This chat is now the branch's main classroom: branch-wide study and meeting notices come here, and a sign-in here counts as the main classroom (on site). Other bound chats are the groups' sub-classrooms.",
  },
});

/**
 * "1+N": the branch has one main classroom (at the factory) and N sub-classrooms (the stations). Every bound
 * chat is a sub-classroom named by its title; the secretary marks one chat — bound to a group or not — as the
 * main one. Kept in its own table so the org schema needs no flag, and so there is exactly one per branch.
 */
export const classroomMain = defineCommand({
  name: 'classroom',
  sub: 'main',
  aliases: ['课堂'],
  subAliases: ['主课堂'],
  access: ['secretary'],
  scope: 'group',
  summary: { zh: '把本群设为支部主课堂（“1+N”中的“1”）', en: 'make this chat the branch main classroom (the "1" of "1+N")' },
  args: z.object({}),
  run: async (ctx) => {
    const values = { branchId: ctx.actor.branchId, chatId: ctx.chat.id, setBy: ctx.actor.memberId, setAt: ctx.now };
    await ctx.db
      .insert(mainClassrooms)
      .values(values)
      .onConflictDoUpdate({ target: mainClassrooms.branchId, set: { chatId: values.chatId, setBy: values.setBy, setAt: values.setAt } });
    await recordAudit(ctx, { action: 'classroom.main', groupId: ctx.chat.groupId });
    return [{ text: texts(ctx.lang).isMain() }];
  },
});
