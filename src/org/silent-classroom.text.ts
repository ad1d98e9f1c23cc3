import { defineTexts } from '../i18n';

export const silentClassroomTexts = defineTexts({
  classroomSilent: {
    zh: (room: string, group: string) =>
      `消息已无法发到「${room}」（${group}的课堂群）：机器人被移出了该群，或被禁止发言。之后的提醒和通知不会再发到那里。把机器人重新拉进群（或在群里给它发一句话）即可恢复。`,
    en: (room: string, group: string) =>
      `Messages can no longer reach "${room}" (${group}'s classroom): the bot was removed from it or is no longer allowed to post there. Prompts and notices will stop going there. Add the bot back (or send it a message in that chat) to resume them.`,
  },
});
