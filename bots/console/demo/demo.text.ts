import { defineTexts } from '../../../src/i18n';

export const demoTexts = defineTexts({
  banner: {
    zh: (who: string, chat: string, time: string) =>
      `叶脉 控制台演示。当前身份：${who}，会话：${chat}，虚拟时间：${time}\n输入 /help 查看命令，.help 查看控制台操作。`,
    en: (who: string, chat: string, time: string) =>
      `Yemai console demo. You are ${who} in ${chat}; virtual time ${time}.\nType /help for commands, .help for console controls.`,
  },
  metaHelp: {
    zh: () =>
      [
        '控制台操作：',
        '.who — 列出可切换的身份',
        '.as 姓名 — 切换身份',
        '.chats — 列出会话；.chat 名称|private — 切换到群聊或与机器人的私聊',
        '.reply 文本 — 回复本会话中机器人的最后一条消息（例如回复每日报平安提醒）',
        '.clock — 显示虚拟时间；.clock YYYY-MM-DD HH:MM — 设定虚拟时间（北京时间）',
        '.advance 30m|2h|1d — 拨快时钟，期间的定时任务逐分钟执行',
        '.quit — 退出',
      ].join('\n'),
    en: () =>
      [
        'Console controls:',
        '.who — personas you can switch to',
        '.as NAME — become that persona',
        '.chats — list chats; .chat NAME|private — switch to a group chat or your private chat with the bot',
        ".reply TEXT — reply to the bot's last message in this chat (e.g. the daily check-in prompt)",
        '.clock — show the virtual time; .clock YYYY-MM-DD HH:MM — set it (Asia/Shanghai)',
        '.advance 30m|2h|1d — move the clock forward, running scheduled jobs minute by minute',
        '.quit — quit',
      ].join('\n'),
  },
  personas: { zh: (list: string) => `可切换的身份：${list}`, en: (list: string) => `Personas: ${list}` },
  nowAs: { zh: (who: string, chat: string) => `现在是 ${who}，在 ${chat}`, en: (who: string, chat: string) => `You are ${who} in ${chat}` },
  unknownPersona: {
    zh: (name: string) => `没有身份 ${name}。输入 .who 查看。`,
    en: (name: string) => `There is no persona ${name}. Type .who to see them.`,
  },
  chats: { zh: (list: string) => `会话：${list}`, en: (list: string) => `Chats: ${list}` },
  unknownChat: {
    zh: (name: string) => `没有会话 ${name}。输入 .chats 查看。`,
    en: (name: string) => `There is no chat ${name}. Type .chats to see them.`,
  },
  clock: { zh: (time: string) => `虚拟时间：${time}（北京时间）`, en: (time: string) => `Virtual time: ${time} (Asia/Shanghai)` },
  badClock: {
    zh: () => '时间格式：.clock 2026-12-01 08:00；拨快：.advance 30m、2h 或 1d',
    en: () => 'Write .clock 2026-12-01 08:00, or .advance 30m, 2h or 1d',
  },
  unknownMeta: {
    zh: (cmd: string) => `没有控制台操作 ${cmd}。输入 .help 查看。`,
    en: (cmd: string) => `There is no console control ${cmd}. Type .help to see them.`,
  },
  nothingToReply: { zh: () => '本会话里还没有机器人的消息可以回复。', en: () => 'There is no bot message in this chat to reply to.' },
});
