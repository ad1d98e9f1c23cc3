import type { Db } from '../../db/client';
import type { Lang } from '../i18n';
import { MEETING_TYPES, typeName } from '../meetings/meeting-types';
import type { MeetingRule } from '../meetings/meeting-types';
import { tally } from '../meetings/report';
import { localDate } from '../time';
import type { Gap, OrgLifeRecord } from './orglife.service';
import { orglifeTexts } from './orglife.text';

function ruleText(lang: Lang, rule: MeetingRule): string {
  const t = orglifeTexts(lang);
  if (rule.per === 'quarter') return t.perQuarter();
  return rule.perGroup ? t.perGroupMonth() : t.perMonth();
}

/** The gap lines alone (also the body of the quarter-end reminder). */
export function gapLines(lang: Lang, gaps: Gap[]): string[] {
  const t = orglifeTexts(lang);
  return gaps.map((g) =>
    t.gap({
      type: typeName(lang, g.type),
      where: `${g.groupName ? `${g.groupName} ` : ''}${g.month ? t.month(g.month) : t.quarterWhole()}`,
      missing: g.state === 'missing',
      planned: g.planned,
    }),
  );
}

/** Counts per type against the rule, the gaps, and the attendance of each held meeting. */
export async function formatRecord(db: Db, lang: Lang, r: OrgLifeRecord): Promise<string> {
  const t = orglifeTexts(lang);
  const out = [t.head(r.quarter.year, r.quarter.quarter)];
  for (const line of r.lines) {
    const rule = MEETING_TYPES[line.type].rule;
    out.push(
      t.line({
        type: typeName(lang, line.type),
        held: line.held,
        rule: rule ? ruleText(lang, rule) : null,
        ok: !r.gaps.some((g) => g.type === line.type),
      }),
    );
  }
  out.push(...(r.gaps.length ? [t.gapsHeader(), ...gapLines(lang, r.gaps)] : [t.noGaps()]));
  if (r.held.length) {
    out.push(t.attendanceHeader());
    for (const m of r.held) {
      const c = await tally(db, m);
      out.push(
        t.attendanceLine({
          id: m.id,
          date: localDate(m.startsAt, m.tz).slice(5),
          type: typeName(lang, m.type),
          topic: m.topic,
          present: c.present,
          expected: c.expected,
          rate: c.rate,
          excused: c.excused,
        }),
      );
    }
  }
  return out.join('\n');
}
