import { defineTexts } from '../i18n';

export const visitTexts = defineTexts({
  logged: {
    zh: (owner: string, closed: number | null) => `已记录对 ${owner} 家的家访。${closed ? `家访工单 #${closed} 同时办结。` : ''}`,
    en: (owner: string, closed: number | null) =>
      `Home visit to ${owner}'s family logged.${closed ? ` Home-visit ticket #${closed} is closed with it.` : ''}`,
  },
  toMember: {
    zh: (visitor: string, text: string, bySecretary: boolean) => `🏠 ${bySecretary ? '支部书记' : '志愿者'} ${visitor} 看望了你的家人：${text}`,
    en: (visitor: string, text: string, bySecretary: boolean) =>
      `🏠 ${bySecretary ? 'The secretary' : 'Volunteer'} ${visitor} visited your family: ${text}`,
  },
  notVisitTicket: {
    zh: (id: number, owner: string) => `工单 #${id} 不是 ${owner} 家未办结的家访工单，未记录。`,
    en: (id: number, owner: string) => `Ticket #${id} is not an open home-visit ticket of ${owner}'s family; nothing was logged.`,
  },
  emptyText: {
    zh: () => '请写明家访情况。用法：/visit 成员 情况 [ticket=编号]',
    en: () => 'Say how the visit went. Usage: /visit MEMBER NOTES [ticket=ID]',
  },
  mineHeader: { zh: () => '家访记录：', en: () => 'Home visits:' },
  mineLine: {
    zh: (at: string, visitor: string, text: string) => `· ${at} ${visitor}：${text}`,
    en: (at: string, visitor: string, text: string) => `· ${at} ${visitor}: ${text}`,
  },
  none: { zh: () => '（暂无）', en: () => '(none yet)' },
});
