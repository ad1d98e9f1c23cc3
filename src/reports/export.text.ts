import { defineTexts } from '../i18n';

export const exportTexts = defineTexts({
  kindUnavailable: {
    zh: (kind: string) => `暂时没有可导出的 ${kind} 数据。`,
    en: (kind: string) => `There is nothing to export for ${kind} yet.`,
  },
  noSuchMember: {
    zh: (name: string) => `没有名为 ${name} 的成员。发送 /member list 查看。`,
    en: (name: string) => `There is no member named ${name}. Send /member list to see them.`,
  },
  sent: {
    zh: (p: { kind: string; month: string; rows: string }) => `📎 ${p.month} ${p.kind}导出（${p.rows}）`,
    en: (p: { kind: string; month: string; rows: string }) => `📎 Export of ${p.kind} for ${p.month} (${p.rows})`,
  },
  rows: {
    zh: (p: { sheet: string; n: number }) => `${p.sheet} ${p.n} 行`,
    en: (p: { sheet: string; n: number }) => `${p.sheet}: ${p.n} ${p.n === 1 ? 'row' : 'rows'}`,
  },
  recordPdf: {
    zh: (p: { month: string; members: number; pages: number }) =>
      `📄 ${p.month} 原料在外党员工作记录，共 ${p.members} 人、${p.pages} 页（可直接打印）`,
    en: (p: { month: string; members: number; pages: number }) =>
      `📄 Work record for ${p.month}: ${p.members} ${p.members === 1 ? 'member' : 'members'}, ${p.pages} ${p.pages === 1 ? 'page' : 'pages'} (ready to print)`,
  },
});
