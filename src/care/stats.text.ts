import { defineTexts } from '../i18n';

export const statsTexts = defineTexts({
  header: { zh: (y: number, q: number) => `关爱统计（${y} 年第 ${q} 季度）`, en: (y: number, q: number) => `Care figures, ${y} Q${q}` },
  tickets: { zh: (n: number, types: string) => `工单 ${n} 张：${types}`, en: (n: number, types: string) => `Tickets: ${n} (${types})` },
  typeCount: { zh: (type: string, n: number) => `${type} ${n}`, en: (type: string, n: number) => `${type} ${n}` },
  sep: { zh: () => '、', en: () => ', ' },
  outcome: {
    zh: (done: number, cancelled: number) => `办结 ${done} 张，取消 ${cancelled} 张`,
    en: (done: number, cancelled: number) => `Closed ${done}, cancelled ${cancelled}`,
  },
  medians: {
    zh: (take: string, close: string) => `接单用时中位数：${take}；办结用时中位数：${close}`,
    en: (take: string, close: string) => `Median time to take: ${take}; to close: ${close}`,
  },
  duration: {
    zh: (min: number | null) => (min === null ? '暂无' : min < 60 ? `${min} 分钟` : `${Math.floor(min / 60)} 小时 ${min % 60} 分钟`),
    en: (min: number | null) => (min === null ? 'none yet' : min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`),
  },
  visits: { zh: (n: number) => `家访 ${n} 次`, en: (n: number) => `Home visits: ${n}` },
  unvisited: {
    zh: (n: number, names: string) => (n === 0 ? '本季度每个家庭都已家访' : `尚未家访的家庭 ${n} 个：${names}`),
    en: (n: number, names: string) => (n === 0 ? 'Every family has been visited this quarter' : `Families not visited: ${n} (${names})`),
  },
  badQuarter: {
    zh: () => '年份和季度应写成：/care stats 2026 4（或 2026Q4、Q4），季度为 1 到 4',
    en: () => 'write the year and quarter as /care stats 2026 4 (or 2026Q4, Q4); the quarter is 1 to 4',
  },
});
