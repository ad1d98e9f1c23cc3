import { defineTexts } from '../i18n';

export const coreTexts = defineTexts({
  notBound: {
    zh: () => '你还没有加入。请向党小组长或支部书记要一个邀请码，然后发送 /join 邀请码',
    en: () => 'You have not joined yet. Ask your group leader or the secretary for an invite code, then send /join CODE',
  },
  notAllowed: {
    zh: (cmd: string) => `你没有使用 ${cmd} 的权限。发送 /help 查看你可用的命令。`,
    en: (cmd: string) => `You are not allowed to use ${cmd}. Send /help for the commands you can use.`,
  },
  groupOnly: {
    zh: (cmd: string) => `${cmd} 只能在群聊中使用。`,
    en: (cmd: string) => `${cmd} works only in a group chat.`,
  },
  privateOnly: {
    zh: (cmd: string) => `${cmd} 只能私聊机器人使用。`,
    en: (cmd: string) => `${cmd} works only in a private chat with the bot.`,
  },
  badArgs: {
    zh: (problems: string, usage: string) => `参数有误：${problems}\n用法：${usage}`,
    en: (problems: string, usage: string) => `Wrong arguments: ${problems}\nUsage: ${usage}`,
  },
  unknownCommand: {
    zh: (word: string) => `没有 /${word} 这个命令。发送 /help 查看可用命令。`,
    en: (word: string) => `There is no /${word} command. Send /help for the commands you can use.`,
  },
  chooseSub: {
    zh: (lines: string) => `请指明要做什么：\n${lines}`,
    en: (lines: string) => `Say what to do:\n${lines}`,
  },
  mentionHint: {
    zh: () => '在群里请先 @我 再发送，例如：@我 /报平安 云南曲靖 在岗；私聊直接发送即可。',
    en: () => 'In a group, @ me first, e.g. @me /checkin Qujing on duty; in a private chat just send it.',
  },
  helpHeader: {
    zh: (who: string) => `${who}可用的命令：`,
    en: (who: string) => `Commands for ${who}:`,
  },
  sentPrivately: {
    zh: () => '详情已私信发给你。',
    en: () => 'Sent to you in a private chat.',
  },
  askedPrivately: {
    zh: () => '收到。我私信问了你一句，请在私聊里回复。',
    en: () => 'Got it. I have asked you something privately; please answer there.',
  },
  receivedPrivately: {
    zh: () => '已收到，详情已私信发给你。',
    en: () => 'Received; the details are in your private chat.',
  },
  privateUndeliverable: {
    zh: () => '请先私聊我一次，我才能把详情发给你。',
    en: () => 'Please send me a private message once first, so that I can send you the details.',
  },
  receivedPrivateUndeliverable: {
    zh: () => '已收到。请先私聊我一次，我才能把详情发给你。',
    en: () => 'Received. Please send me a private message once first, so that I can send you the details.',
  },
  acceptedLater: {
    zh: () => '收到，稍后处理。',
    en: () => 'Received; it will be handled shortly.',
  },
  internalError: {
    zh: () => '处理出错，什么都没有改动。请稍后再试。',
    en: () => 'Something went wrong; nothing was changed. Please try again later.',
  },
});

/** Messages a schema may name instead of zod's own; the router shows them in the reader's language. */
export const argProblems = defineTexts({
  date: {
    zh: () => '日期应写成 YYYY-MM-DD，例如 2026-12-01（2000 年以后、两年之内）',
    en: () => 'a date is written YYYY-MM-DD, e.g. 2026-12-01 (from 2000 to two years ahead)',
  },
  datetime: {
    zh: () => '时间应写成 YYYY-MM-DD HH:MM，例如 2026-12-01 20:00',
    en: () => 'a time is written YYYY-MM-DD HH:MM, e.g. 2026-12-01 20:00',
  },
  time: { zh: () => '时刻应写成 HH:MM，例如 08:00', en: () => 'a time of day is written HH:MM, e.g. 08:00' },
  noArguments: { zh: () => '这个命令后面不用写别的', en: () => 'this command takes nothing after it' },
  name: {
    zh: () => '需要一个名字：最多 40 个字，含汉字或字母',
    en: () => 'a name is needed: up to 40 characters, with letters in it',
  },
  code: { zh: () => '邀请码是 10 位字母和数字', en: () => 'an invite code is 10 letters and digits' },
  id: { zh: () => '编号应为正整数，例如 3', en: () => 'an id is a positive whole number, e.g. 3' },
  invisible: {
    zh: () => '名字里不能有看不见的字符（零宽或文字方向控制符）',
    en: () => 'a name cannot contain invisible characters (zero-width or text-direction controls)',
  },
  text: { zh: () => '内容不能为空', en: () => 'the text must not be empty' },
  reason: { zh: () => '请写上请假事由', en: () => 'give the reason for the leave' },
  role: {
    zh: () => 'role 只能是 member、leader、volunteer',
    en: () => 'role must be member, leader or volunteer',
  },
  partyStatus: {
    zh: () => 'status（政治面貌）只能是党员、预备党员或群众',
    en: () => 'status must be party, probationary or non-party',
  },
  days: { zh: () => '天数应为 1 到 90 的整数', en: () => 'days is a whole number from 1 to 90' },
  month: { zh: () => '月份应写成 YYYY-MM 或 M月，例如 2026-11 或 11月', en: () => 'a month is written YYYY-MM, e.g. 2026-11' },
  onOff: { zh: () => '只能是 on（上岗）或 off（下班）', en: () => 'it must be on or off' },
  lang: { zh: () => '语言可选 zh（中文）或 en（英文）', en: () => 'a language is zh (Chinese) or en (English)' },
  rejectReason: {
    zh: () => '请写上驳回的理由，让申请人知道为什么，例如 /驳回 2 收购旺季，请改期',
    en: () => 'give the reason for rejecting, so the member knows why, e.g. /reject 2 peak season, please pick other dates',
  },
  period: { zh: () => '时段只能是 day（日）、week（周）或 month（月）', en: () => 'the period is day, week or month' },
  exportKind: {
    zh: () =>
      '导出类型可选 checkins（报平安）、attendance（考勤）、study（学习）、meetings（会议）、leave（请假）、care（关爱）、record（工作记录）、all（全部）',
    en: () => 'KIND is one of checkins, attendance, study, meetings, leave, care, record, all',
  },
});

/** What zod found, said in the reader's language when a schema did not name the problem itself. */
export const genericProblems = defineTexts({
  tooLong: { zh: (max: number) => `内容太长，最多 ${max} 个字`, en: (max: number) => `too long: at most ${max} characters` },
  tooShort: {
    zh: (min: number) => (min <= 1 ? '内容不能为空' : `内容太短，至少 ${min} 个字`),
    en: (min: number) => (min <= 1 ? 'must not be empty' : `too short: at least ${min} characters`),
  },
  tooBig: { zh: (max: number) => `数字不能大于 ${max}`, en: (max: number) => `the number must be at most ${max}` },
  tooSmall: { zh: (min: number) => `数字不能小于 ${min}`, en: (min: number) => `the number must be at least ${min}` },
  wrongForm: { zh: () => '参数格式不对', en: () => 'an argument is not in the expected form' },
});
