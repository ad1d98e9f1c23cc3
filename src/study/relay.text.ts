import { defineTexts, plural, quoteZh } from '../i18n';

type Passage = { id: number; title: string; no: number; total: number; text: string };
type Scheduled = { id: number; passages: number; cron: string; next: string | null; tz: string };

/** 小组传达定期学: a long text posted passage by passage on a schedule. */
export const relayTexts = defineTexts({
  passage: {
    zh: (p: Passage) =>
      `📖 传达学习 #${p.id}${quoteZh(p.title)}第 ${p.no}/${p.total} 段：\n${p.text}\n学完请发送 /studied ${p.id} 学习笔记（确认第 ${p.no} 段）`,
    en: (p: Passage) =>
      `📖 Relay study #${p.id} "${p.title}", passage ${p.no}/${p.total}:\n${p.text}\nWhen done, send /studied ${p.id} YOUR NOTE (confirms passage ${p.no})`,
  },
  scheduled: {
    zh: (p: Scheduled) =>
      `✅ 学习 #${p.id} 已设为小组传达定期学：共 ${p.passages} 段，按「${p.cron}」（${p.tz} 时间）每次推送一段到课堂。${p.next ? `下一次：${p.next}` : ''}`,
    en: (p: Scheduled) =>
      `✅ Study #${p.id} is now a relay study: ${p.passages} passages, one posted to the classrooms on "${p.cron}" (${p.tz} time).${p.next ? ` Next: ${p.next}` : ''}`,
  },
  stopped: {
    zh: (id: number, posted: number) => `已停止学习 #${id} 的定期推送（已推送 ${posted} 段）。`,
    en: (id: number, posted: number) => `Stopped the relay of study #${id} (${plural(posted, 'passage')} posted).`,
  },
  badCron: {
    zh: (text: string) =>
      `推送时间「${text}」不是有效的 cron 表达式：应为 5 段「分 时 日 月 周」，例如 0 20 * * 2 表示每周二 20:00，0 20 * * 1,4 表示每周一、四 20:00`,
    en: (text: string) =>
      `"${text}" is not a valid cron expression: it has 5 fields, "minute hour day month weekday", e.g. 0 20 * * 2 for every Tuesday at 20:00, or 0 20 * * 1,4 for Mondays and Thursdays at 20:00`,
  },
  tooFewPassages: {
    zh: () => '正文至少要分成 2 段才能定期传达：用换行或 § 分段，例如「第一段……§第二段……」。',
    en: () => 'The body must have at least 2 passages for a relay: separate them with line breaks or §, e.g. "first … § second …".',
  },
  makeupNoRelay: { zh: () => '补学任务不能设为定期传达。', en: () => 'A make-up study item cannot be relayed.' },
  progress: {
    zh: (noted: number, posted: number, total: number) => `已学 ${noted}/${posted} 段（共 ${total} 段）`,
    en: (noted: number, posted: number, total: number) => `${noted}/${posted} passages noted (${total} in all)`,
  },
});
