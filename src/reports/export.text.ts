import { defineTexts, plural } from '../i18n';

/** What a Chinese reader calls each export kind (the kind word itself is English: checkins, care…). */
const KIND_ZH: Record<string, string> = {
  checkins: '报平安',
  attendance: '考勤',
  study: '学习',
  meetings: '会议',
  leave: '请假',
  care: '关爱',
  record: '工作记录',
  all: '全部',
};

export const exportTexts = defineTexts({
  kindUnavailable: {
    zh: (kind: string) => `暂时没有可导出的${KIND_ZH[kind] ?? ` ${kind} `}数据。`,
    en: (kind: string) => `There is nothing to export for ${kind} yet.`,
  },
  sent: {
    zh: (p: { kind: string; month: string; rows: string }) => `📎 ${p.month} ${KIND_ZH[p.kind] ?? p.kind}导出（${p.rows}）`,
    en: (p: { kind: string; month: string; rows: string }) => `📎 Export of ${p.kind} for ${p.month} (${p.rows})`,
  },
  rows: {
    zh: (p: { sheet: string; n: number }) => `${p.sheet} ${p.n} 行`,
    en: (p: { sheet: string; n: number }) => `${p.sheet}: ${plural(p.n, 'row')}`,
  },
  recordPdf: {
    zh: (p: { month: string; members: number; pages: number }) =>
      `📄 ${p.month} 原料在外党员工作记录，共 ${p.members} 人、${p.pages} 页（可直接打印）`,
    en: (p: { month: string; members: number; pages: number }) =>
      `📄 Work record for ${p.month}: ${p.members} ${p.members === 1 ? 'member' : 'members'}, ${p.pages} ${p.pages === 1 ? 'page' : 'pages'} (ready to print)`,
  },
});
