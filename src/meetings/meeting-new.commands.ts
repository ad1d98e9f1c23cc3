import { z } from 'zod';
import { UserError, defineSub } from '../commands/types';
import { isSecretary } from '../org/identity';
import { recordAudit } from '../org/audit';
import { leadingDateTime, parseLocalDateTime } from '../local-date-time';
import { resolveAudience } from '../org/authz.audience';
import { withoutNamed } from '../commands/named-words';
import { usageError } from '../commands/usage-error';
import { announceMeeting } from './announce';
import { MEETING_TYPES, parseMeetingMode, parseMeetingType, typeChoices } from './meeting-types';
import { createMeeting, meetingInfo } from './meetings.service';
import { meetingTexts } from './meetings.text';

const USAGE = {
  zh: '/meeting new 类型 YYYY-MM-DD HH:MM 主题 [| 现场/视频/传达] [| 链接] [group=党小组] [duration=分钟]（如 /meeting new 党小组会 2026-12-08 20:00 学习二十大精神 | 视频 | https://…）',
  en: '/meeting new TYPE YYYY-MM-DD HH:MM TOPIC [| MODE] [| LINK] [group=GROUP] [duration=MINUTES] (e.g. /meeting new group 2026-12-08 20:00 Study session | video | https://…)',
};
const NAMED = ['group', 'scope', 'duration'] as const;
const DEFAULT_MINUTES = 120;
const isUrl = (s: string) => /^https?:\/\/\S+$/i.test(s);

export const meetingNew = defineSub({
  sub: 'new',
  subAliases: ['新建', '安排', '召开'],
  access: ['secretary', 'leader'],
  usage: USAGE,
  summary: {
    zh: '安排会议（三会一课、主题党日），通知课堂（党小组长：本组党小组会）',
    en: 'arrange a meeting and tell the classrooms (leaders: their group meeting)',
  },
  input: (a) => {
    const parts = a.pipes.map((p) => withoutNamed(p, NAMED)).filter(Boolean);
    const [head = '', ...tail] = parts;
    const type = head.split(/[\s\u3000]+/)[0] ?? '';
    const when = leadingDateTime(head.slice(type.length));
    const link = tail.find(isUrl);
    const mode = tail.find((p) => !isUrl(p));
    return { type, dateTime: when?.dateTime, topic: when?.rest ?? '', mode, link, named: a.named };
  },
  args: z.object({
    type: z.string().min(1, { error: 'text' }),
    dateTime: z.string().optional(),
    topic: z.string().max(200),
    mode: z.string().optional(),
    link: z.string().optional(),
    named: z.record(z.string(), z.string()),
  }),
  run: async (ctx, a) => {
    const t = meetingTexts(ctx.lang);
    const type = parseMeetingType(a.type);
    if (!type) throw usageError(ctx.lang, t.badType(a.type, typeChoices(ctx.lang)), USAGE);
    if (!isSecretary(ctx.actor) && type !== 'group') throw new UserError(t.leaderOnlyGroup());
    const mode = a.mode === undefined ? 'onsite' : parseMeetingMode(a.mode);
    if (!mode) throw usageError(ctx.lang, t.badMode(a.mode ?? ''), USAGE);
    const minutes = a.named.duration === undefined ? DEFAULT_MINUTES : Number(a.named.duration);
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) throw usageError(ctx.lang, t.badDuration(), USAGE);
    const audience = await resolveAudience(ctx, a.named, MEETING_TYPES[type].groupOnly ? 'group' : 'branch-for-secretary');
    if (MEETING_TYPES[type].groupOnly && audience.groupId === null) throw new UserError(t.groupMeetingNeedsGroup());
    const when = a.dateTime ? parseLocalDateTime(a.dateTime, audience.tz, { requireTime: true }) : null;
    if (!when) throw usageError(ctx.lang, t.badWhen(), USAGE);
    if (!a.topic.trim()) throw usageError(ctx.lang, t.needTopic(), USAGE);
    if (when.at <= ctx.now) throw new UserError(t.inPast(`${when.date} ${when.time}`));
    const meeting = await createMeeting(ctx.db, {
      branchId: ctx.actor.branchId,
      groupId: audience.groupId,
      type,
      topic: a.topic.trim(),
      startsAt: when.at,
      endsAt: new Date(when.at.getTime() + minutes * 60_000),
      tz: audience.tz,
      mode,
      link: a.link ?? null,
      organiserId: ctx.actor.memberId,
      createdAt: ctx.now,
    });
    const rooms = await announceMeeting(ctx.db, ctx.now, meeting, 'notice');
    await recordAudit(ctx, { action: 'meeting.new', groupId: audience.groupId, detail: { meetingId: meeting.id, type } });
    return [{ text: t.created(await meetingInfo(ctx.db, ctx.lang, meeting), rooms) }];
  },
});
