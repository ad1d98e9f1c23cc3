import { defineTexts, quoteZh } from '../i18n';

type Head = { id: number; title: string; scope: string; deadline: string | null; makeup: boolean };
type ListLine = { id: number; title: string; deadline: string | null; mine: string; counts: string | null; makeup: boolean };

/** /study status (who studied, with note excerpts) and /study list (open items, the caller's own status). */
export const statusTexts = defineTexts({
  head: {
    zh: (h: Head) => `📊 ${h.makeup ? '补学' : '学习'} #${h.id}${quoteZh(h.title)}（${h.scope}${h.deadline ? `｜截止 ${h.deadline}` : ''}）`,
    en: (h: Head) => `📊 ${h.makeup ? 'Make-up study' : 'Study'} #${h.id} "${h.title}" (${h.scope}${h.deadline ? ` | due ${h.deadline}` : ''})`,
  },
  totals: {
    zh: (done: number, total: number) => `已学 ${done}/${total} 人，未学 ${total - done} 人。`,
    en: (done: number, total: number) => `${done} of ${total} studied, ${total - done} not yet.`,
  },
  byGroup: { zh: (lines: string) => `各党小组：${lines}`, en: (lines: string) => `By group: ${lines}` },
  notesHeader: { zh: () => '✅ 笔记：', en: () => '✅ Notes:' },
  noteLine: {
    zh: (p: { name: string; at: string; excerpt: string; late: boolean }) => `· ${p.name}（${p.at}${p.late ? '，补交' : ''}）：${p.excerpt}`,
    en: (p: { name: string; at: string; excerpt: string; late: boolean }) => `· ${p.name} (${p.at}${p.late ? ', late' : ''}): ${p.excerpt}`,
  },
  missing: { zh: (names: string) => `⏳ 未学：${names}`, en: (names: string) => `⏳ Not yet: ${names}` },
  andMore: { zh: (n: number) => `……另有 ${n} 人`, en: (n: number) => `… and ${n} more` },
  nobody: { zh: () => '无', en: () => 'nobody' },
  noGroup: { zh: () => '未分组', en: () => 'no group' },
  listHeader: { zh: () => '📚 进行中的学习任务：', en: () => '📚 Open study items:' },
  listLine: {
    zh: (l: ListLine) =>
      `· #${l.id}${l.makeup ? '（补学）' : ''} ${l.title}${l.deadline ? `｜截止 ${l.deadline}` : ''}｜${l.mine}${l.counts ? `｜全体 ${l.counts}` : ''}`,
    en: (l: ListLine) =>
      `· #${l.id}${l.makeup ? ' (make-up)' : ''} ${l.title}${l.deadline ? ` | due ${l.deadline}` : ''} | ${l.mine}${l.counts ? ` | all: ${l.counts}` : ''}`,
  },
  listEmpty: { zh: () => '📚 目前没有进行中的学习任务。', en: () => '📚 There are no open study items.' },
  mineDone: { zh: () => '✅ 你已学', en: () => '✅ you have studied it' },
  mineMissing: { zh: (id: number) => `⏳ 你未学（/studied ${id} 学习笔记）`, en: (id: number) => `⏳ not yet (/studied ${id} NOTE)` },
  mineNotFor: { zh: () => '非本人任务', en: () => 'not assigned to you' },
  notYourItem: {
    zh: (id: number) => `学习 #${id} 不属于你管理的党小组。`,
    en: (id: number) => `Study item #${id} is not for a group you manage.`,
  },
});
