import { defineTexts } from '../i18n';

export const chartTexts = defineTexts({
  rateTitle: {
    zh: (p: { scope: string; from: string; to: string }) => `${p.scope} 报平安率（${p.from === p.to ? p.from : `${p.from} 至 ${p.to}`}）`,
    en: (p: { scope: string; from: string; to: string }) => `${p.scope}: check-in rate (${p.from === p.to ? p.from : `${p.from} to ${p.to}`})`,
  },
  matrixTitle: {
    zh: (p: { group: string; from: string; to: string }) => `${p.group} 报平安情况（${p.from} 至 ${p.to}）`,
    en: (p: { group: string; from: string; to: string }) => `${p.group}: check-ins (${p.from} to ${p.to})`,
  },
  rateAxis: { zh: () => '报平安率（%）', en: () => 'Check-in rate (%)' },
  branchLine: { zh: () => '全支部', en: () => 'Whole branch' },
  noRequiredDay: { zh: () => '期间没有应报日', en: () => 'No required day in this period' },
});
