import { z } from 'zod';
import { defineCommand } from '../commands/types';
import type { MemberContext } from '../commands/types';
import type { Lang } from '../i18n';
import { formatLocal } from '../time';
import type { AuditRow } from './audit';
import { auditEntries, recordAudit } from './audit';
import { auditActionName, auditTexts, platformName } from './audit.text';
import { callerZone } from './caller-zone';
import { memberFieldLabel, settingLabel } from './org-labels';

/** One reply stays readable in a chat; older entries are for a shorter window or the database. */
export const AUDIT_LINES = 50;
const DEFAULT_DAYS = 7;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What identifies the action beyond its name, from the fields each kind records. */
function particulars(lang: Lang, row: AuditRow): string {
  const t = auditTexts(lang);
  const d = row.detail;
  const ticket = num(d.ticketId);
  const key = str(d.key);
  if (row.action === 'settings' && key) return `${settingLabel(lang, key)} = ${String(d.value ?? '')}`;
  if (row.action === 'member.set' && key) return `${memberFieldLabel(lang, key)} → ${String(d.value ?? '')}`;
  if (row.action === 'care.assign' && ticket !== undefined) return `${t.ticket(ticket)} ${t.toVolunteer(str(d.volunteer) ?? '')}`;
  if (ticket !== undefined) return t.ticket(ticket);
  if (row.action === 'care.view') return t.ticketCount(num(d.tickets) ?? 0);
  if (row.action === 'family.view-all' && num(d.members) !== undefined) return t.familiesOf(num(d.members) as number);
  if (num(d.leaveId) !== undefined) return t.leave(num(d.leaveId) as number);
  if (num(d.meetingId) !== undefined) return t.meeting(num(d.meetingId) as number);
  if (row.action === 'export') return t.exportOf(str(d.kind) ?? '', str(d.month) ?? '', str(d.member) ?? null);
  if (row.action === 'checkin.proxy' && str(d.date)) return t.forDate(str(d.date) as string);
  if (row.action.startsWith('calendar.') && str(d.date)) return str(d.date) as string;
  return '';
}

function where(lang: Lang, row: AuditRow): string {
  const t = auditTexts(lang);
  if (!row.chat) return '';
  const platform = platformName(lang, row.chat.platform);
  return t.inChat(row.chat.kind === 'private' ? t.privateChat(platform) : t.groupChat(platform, row.chat.title ?? '—'));
}

export function auditLine(lang: Lang, tz: string, row: AuditRow): string {
  const en = lang === 'en';
  const who = row.actor ?? auditTexts(lang).operator();
  const action = auditActionName(lang, row.action);
  const whom = [action, row.subject].filter(Boolean).join(' ');
  // In English the group is quoted only where it is what was acted on ("changed a setting of"); elsewhere it is
  // where it happened ("approved leave for 张云 (group …)").
  const groupIsObject = !row.subject && / (of|group)$/.test(action);
  const group = row.group ? (en ? (groupIsObject ? ` "${row.group}"` : ` (group ${row.group})`) : `「${row.group}」`) : '';
  const more = particulars(lang, row);
  const line = `${who}${en ? ': ' : '：'}${whom}${group}${more ? `${en ? ', ' : '，'}${more}` : ''}${where(lang, row)}`;
  return `${formatLocal(row.at, tz).slice(5)} ${line}`;
}

export const auditCommand = defineCommand({
  name: 'audit',
  aliases: ['操作记录', '审计'],
  access: ['secretary'],
  privateReplies: true,
  params: [{ key: 'days', label: { zh: '天数', en: 'DAYS' }, optional: true, take: 'words' }],
  note: { zh: '（默认 7 天，最多 90 天）', en: '(default 7, at most 90)' },
  summary: {
    zh: '谁在何时、在哪个群做了哪些管理操作（私信发送）',
    en: 'who did which admin action, when and in which chat (sent privately)',
  },
  args: z.object({
    days: z
      .string()
      .regex(/^\d{1,3}$/, { error: 'days' })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: 'days' }).max(90, { error: 'days' }))
      .optional(),
  }),
  run: async (ctx: MemberContext, a) => {
    const t = auditTexts(ctx.lang);
    const days = a.days ?? DEFAULT_DAYS;
    const since = new Date(ctx.now.getTime() - days * 86_400_000);
    const { rows, more } = await auditEntries(ctx.db, ctx.actor.branchId, since, AUDIT_LINES);
    // Reading the log is itself on the record (after the read, so it does not list itself).
    await recordAudit(ctx, { action: 'audit.view', detail: { days } });
    if (rows.length === 0) return [{ text: t.none(days) }];
    const tz = await callerZone(ctx);
    const lines = [t.header(days, rows.length), ...rows.map((r) => auditLine(ctx.lang, tz, r))];
    if (more) lines.push(t.more(AUDIT_LINES));
    return [{ text: lines.join('\n') }];
  },
});
