import { z } from 'zod';
import { defineCommand, UserError } from '../commands/types';
import { recordAudit } from '../org/audit';
import { isSecretary } from '../org/identity';
import { dutyTexts } from './duty.text';
import { setDuty, volunteers } from './volunteers.service';

const isVolunteer = (roles: { role: string }[]) => roles.some((r) => r.role === 'volunteer');

/** `/duty on|off` for a volunteer; `/duty` alone: who is on duty (secretary) or one's own flag (volunteer). */
export const duty = defineCommand({
  name: 'duty',
  aliases: ['值班'],
  privateReplies: true,
  access: ['volunteer', 'secretary'],
  usage: { zh: '/duty on|off（上岗|下班）；支部书记发送 /duty 查看谁在值班', en: '/duty on|off; the secretary sends /duty to see who is on duty' },
  summary: { zh: '志愿者上岗或下班；值班的人接收紧急用车提醒', en: 'volunteers go on or off duty; those on duty get urgent car alerts' },
  input: (a) => ({ state: a.positional[0]?.toLowerCase() }),
  args: z.object({
    state: z
      .enum(['on', 'off', '上岗', '下班', '开', '关'], { error: 'onOff' })
      .transform((s) => ['on', '上岗', '开'].includes(s))
      .optional(),
  }),
  run: async (ctx, a) => {
    const t = dutyTexts(ctx.lang);
    const volunteer = isVolunteer(ctx.actor.roles);
    if (a.state !== undefined) {
      if (!volunteer) throw new UserError(t.onlyVolunteers());
      await setDuty(ctx.db, ctx.actor.memberId, a.state, ctx.now);
      // Who was on duty when an urgent alert went out is a question the secretary may have to answer later.
      await recordAudit(ctx, { action: a.state ? 'duty.on' : 'duty.off' });
      return [{ text: a.state ? t.on() : t.off() }];
    }
    const all = await volunteers(ctx.db, ctx.actor.branchId);
    if (isSecretary(ctx.actor)) {
      return [
        {
          text: t.roster(
            all.filter((v) => v.onDuty).map((v) => v.name),
            all.filter((v) => !v.onDuty).map((v) => v.name),
          ),
        },
      ];
    }
    return [{ text: t.ownStatus(all.some((v) => v.id === ctx.actor.memberId && v.onDuty)) }];
  },
});
