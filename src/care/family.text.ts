import { defineTexts, echo } from '../i18n';

export type ContactView = { id: number; name: string; relation: string; district: string; phone: string; notes: string | null };

export const familyTexts = defineTexts({
  added: {
    zh: (owner: string, c: ContactView) =>
      `已为 ${owner} 登记家属 #${c.id}：${c.name}（${c.relation}），${c.district}，${c.phone}。仅本人、支部书记和负责的志愿者可见。`,
    en: (owner: string, c: ContactView) =>
      `Family contact #${c.id} registered for ${owner}: ${c.name} (${c.relation}), ${c.district}, ${c.phone}. Only the member, the secretary and the volunteer serving the family can see it.`,
  },
  line: {
    zh: (c: ContactView) => `· #${c.id} ${c.name}（${c.relation}）${c.district}　${c.phone}${c.notes ? `　备注：${c.notes}` : ''}`,
    en: (c: ContactView) => `· #${c.id} ${c.name} (${c.relation}), ${c.district}, ${c.phone}${c.notes ? `; notes: ${c.notes}` : ''}`,
  },
  header: { zh: (owner: string) => `${owner} 的家属：`, en: (owner: string) => `${owner}'s family:` },
  none: {
    zh: (owner: string) => `${owner} 还没有登记家属。用法：/family add 姓名 关系 区县 电话 [备注]`,
    en: (owner: string) => `${owner} has no family registered. Usage: /family add NAME RELATION DISTRICT PHONE [NOTES]`,
  },
  noneAtAll: { zh: () => '全支部还没有人登记家属。', en: () => 'No one in the branch has registered their family yet.' },
  removed: {
    zh: (owner: string, name: string) => `已删除 ${owner} 的家属 ${name}。`,
    en: (owner: string, name: string) => `Removed ${name} from ${owner}'s family.`,
  },
  noSuchContact: {
    zh: (owner: string, ref: string) => `${owner} 的家属中没有“${echo(ref)}”。发送 /family list 查看编号。`,
    en: (owner: string, ref: string) => `${owner} has no family contact "${echo(ref)}". Send /family list for the numbers.`,
  },
  badPhone: {
    zh: (raw: string) => `电话“${raw}”格式不对：手机号是 1 开头的 11 位数字（如 13912345678），固定电话要带区号（如 0550-3012345）。未保存。`,
    en: (raw: string) =>
      `"${raw}" is not a phone number: a mobile is 11 digits starting 13–19 (e.g. 13912345678), a landline needs its area code (e.g. 0550-3012345). Nothing was saved.`,
  },
  notDistrict: {
    zh: (raw: string) => `地址“${raw}”太细了：只写到区县（如 滁州市南谯区），不写门牌号。未保存。`,
    en: (raw: string) => `"${raw}" is too detailed: give the district only (e.g. 滁州市南谯区), no house number. Nothing was saved.`,
  },
  notYours: {
    zh: () => '只有支部书记可以查看或登记别人的家属信息。',
    en: () => "Only the secretary may see or register someone else's family.",
  },
  notServing: {
    zh: (owner: string) => `你没有负责 ${owner} 家的工单，不能查看其家属信息；接单或由支部书记指派后才能查看。`,
    en: (owner: string) => `You have no ticket for ${owner}'s family, so you cannot see their details; take one, or ask the secretary to assign you.`,
  },
});
