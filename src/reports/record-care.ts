import { familyCare } from '../care/care.figures';
import { careTexts } from '../care/care.text';
import type { LocalDate } from '../time';
import { formatLocal, shiftDate, zonedInstant } from '../time';

const statusZh = careTexts('zh').status;

/**
 * Care given to a member's family in the month, for the work record. Counts by type unless the secretary asks for
 * details: what the family asked for and what the volunteers did stays off a form that may be handed upward.
 */
export async function recordCare(
  db: Parameters<typeof familyCare>[0],
  memberId: number,
  span: { from: LocalDate; to: LocalDate; tz: string },
  details: boolean,
) {
  const { tickets, visits } = await familyCare(
    db,
    memberId,
    zonedInstant(span.from, '00:00', span.tz),
    zonedInstant(shiftDate(span.to, 1), '00:00', span.tz),
  );
  const day = (at: Date) => formatLocal(at, span.tz).slice(5, 10);
  if (details)
    return [
      ...tickets.map(
        (t) => `${day(t.createdAt)} ${t.type} #${t.id}：${t.text}（${[t.volunteer, statusZh(t.status), t.result].filter(Boolean).join('，')}）`,
      ),
      ...visits.map((v) => `${day(v.at)} 家访（${v.visitor}）：${v.text}`),
    ];
  const parts: string[] = [];
  if (visits.length) parts.push(`家访 ${visits.length} 次`);
  if (tickets.length) {
    const byType = new Map<string, number>();
    for (const t of tickets) byType.set(t.type, (byType.get(t.type) ?? 0) + 1);
    const types = [...byType].map(([type, n]) => `${type} ${n}`).join('、');
    parts.push(`关爱工单 ${tickets.length} 张（${types}），办结 ${tickets.filter((t) => t.status === 'done').length} 张`);
  }
  return parts.length ? [parts.join('；')] : [];
}
