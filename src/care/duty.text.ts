import { defineTexts } from '../i18n';

export const dutyTexts = defineTexts({
  on: { zh: () => '你已上岗值班：有紧急用车求助时会立即私信你。', en: () => 'You are now on duty: urgent car requests will reach you at once.' },
  off: { zh: () => '你已下班，不再接收紧急求助提醒。', en: () => 'You are now off duty; urgent alerts will no longer reach you.' },
  ownStatus: {
    zh: (on: boolean) => `你现在${on ? '在值班' : '不在值班'}。上岗：/duty on　下班：/duty off`,
    en: (on: boolean) => `You are ${on ? 'on' : 'off'} duty. To change it, send /duty on or /duty off.`,
  },
  roster: {
    zh: (on: string[], off: string[]) => `值班中（${on.length}）：${on.join('、') || '无'}\n未值班（${off.length}）：${off.join('、') || '无'}`,
    en: (on: string[], off: string[]) => `On duty (${on.length}): ${on.join(', ') || 'none'}\nOff duty (${off.length}): ${off.join(', ') || 'none'}`,
  },
  onlyVolunteers: {
    zh: () => '只有志愿者可以上岗或下班。',
    en: () => 'Only volunteers go on or off duty.',
  },
});
