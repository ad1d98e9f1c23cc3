import { defineTexts, echo, plural } from '../i18n';

type JoinLimit = { failures: number; windowMinutes: number; cooldownMinutes: number };
import { besideHan, memberFieldLabel, settingLabel, valueLabel } from './org-labels';

export { roleName } from './org-labels';

export const orgTexts = defineTexts({
  joined: {
    zh: (name: string, roles: string) => `绑定成功：${name}（${roles}）。发送 /help 查看可用命令。`,
    en: (name: string, roles: string) => `You have joined as ${name} (${roles}). Send /help for your commands.`,
  },
  alreadyJoined: {
    zh: (name: string) => `这个账号已经绑定为 ${name}。`,
    en: (name: string) => `This account already belongs to ${name}.`,
  },
  inviteUnknown: {
    zh: () => '邀请码不存在，请核对后重试（10 位字母和数字）。',
    en: () => 'No such invite code; check it and try again (10 letters and digits).',
  },
  inviteSuperseded: {
    zh: () => '这个邀请码已作废：之后又生成了新的邀请码。请使用最新的邀请码，或向党小组长或支部书记再要一个。',
    en: () => 'This invite code was replaced by a newer one. Use the newest code, or ask your group leader or the secretary for one.',
  },
  joinThrottled: {
    zh: (wait: number, l: JoinLimit) => `邀请码输错次数太多（${l.windowMinutes} 分钟内 ${l.failures} 次），请 ${wait} 分钟后再试。`,
    en: (wait: number, l: JoinLimit) =>
      `Too many wrong invite codes (${l.failures} within ${l.windowMinutes} minutes); try again in ${wait} minutes.`,
  },
  joinGuessing: {
    zh: (platform: string, l: JoinLimit) =>
      `提醒：有人在 ${platform} 上连续输错邀请码（${l.windowMinutes} 分钟内 ${l.failures} 次），已暂停其 /join ${l.cooldownMinutes} 分钟。如有成员说无法加入，请为其重新生成邀请码。`,
    en: (platform: string, l: JoinLimit) =>
      `Note: someone on ${platform} kept sending wrong invite codes (${l.failures} within ${l.windowMinutes} minutes); their /join is paused for ${l.cooldownMinutes} minutes. If a member cannot join, send them a fresh code.`,
  },
  inviteUsed: {
    zh: () => '这个邀请码已经用过了，请向党小组长或支部书记要一个新的。',
    en: () => 'This invite code has already been used; ask your group leader or the secretary for a new one.',
  },
  inviteExpired: {
    zh: () => '这个邀请码已过期（7 天内有效），请向党小组长或支部书记要一个新的。',
    en: () => 'This invite code has expired (codes are valid for 7 days); ask your group leader or the secretary for a new one.',
  },
  boundElsewhere: {
    zh: () => '这个账号已绑定为另一位成员，不能再使用这个邀请码。',
    en: () => 'This account already belongs to another member and cannot use this code.',
  },
  welcome: {
    zh: () => '你好，我是叶脉，党支部的值守助手。已有邀请码请发送 /join 邀请码。',
    en: () => 'Hello, I am Yemai, the branch assistant. If you have an invite code, send /join CODE.',
  },
  ownLangSet: {
    zh: () => '好的，以后用中文回复你、给你发私信。',
    en: () => 'Done: replies and private messages to you will be in English from now on.',
  },
  whoami: {
    zh: (p: { name: string; status: string; station: string; roles: string; accounts: string }) =>
      `${p.name}（${p.status}）\n驻地：${p.station}\n角色：${p.roles}\n已绑定账号：${p.accounts}`,
    en: (p: { name: string; status: string; station: string; roles: string; accounts: string }) =>
      `${p.name} (${p.status})\nStation: ${p.station}\nRoles: ${p.roles}\nAccounts: ${p.accounts}`,
  },
  none: { zh: () => '无', en: () => 'none' },
  groupCreated: { zh: (name: string) => `已创建党小组「${name}」。`, en: (name: string) => `Group "${name}" created.` },
  groupExists: { zh: (name: string) => `党小组「${name}」已经存在。`, en: (name: string) => `Group "${name}" already exists.` },
  noSuchGroup: {
    zh: (name: string) => `没有名为「${echo(name)}」的党小组。发送 /group list 查看。`,
    en: (name: string) => `There is no group named "${echo(name)}". Send /group list to see them.`,
  },
  groupList: {
    zh: (lines: string) => `党小组：\n${lines}`,
    en: (lines: string) => `Groups:\n${lines}`,
  },
  groupLine: {
    zh: (g: { name: string; leaders: string; count: number; chats: string }) =>
      `· ${g.name}｜党小组长：${g.leaders}｜成员 ${g.count} 人｜课堂：${g.chats}`,
    en: (g: { name: string; leaders: string; count: number; chats: string }) =>
      `· ${g.name} | leader: ${g.leaders} | ${plural(g.count, 'member')} | classrooms: ${g.chats}`,
  },
  noGroups: { zh: () => '还没有党小组。用 /group add 名称 创建。', en: () => 'No groups yet. Create one with /group add NAME.' },
  memberCreated: {
    zh: (name: string, code: string) => `已添加 ${name}。邀请码：${code}（一次性，7 天内有效）。请本人发送 /join ${code}`,
    en: (name: string, code: string) => `${name} added. Invite code: ${code} (single use, valid for 7 days). They join by sending /join ${code}`,
  },
  lookAlike: {
    zh: (name: string, existing: string) => `「${name}」和已有的「${existing}」看起来一样，容易混淆。请换一个能区分的名字。`,
    en: (name: string, existing: string) => `"${name}" looks the same as the existing "${existing}". Choose a name people can tell apart.`,
  },
  memberExists: { zh: (name: string) => `已有名为 ${name} 的成员。`, en: (name: string) => `A member named ${name} already exists.` },
  noSuchMember: {
    zh: (name: string) => `没有名为「${echo(name)}」的成员。发送 /member list 查看。`,
    en: (name: string) => `There is no member named "${echo(name)}". Send /member list to see them.`,
  },
  memberLine: {
    zh: (m: { name: string; roles: string; station: string; status: string }) => `· ${m.name}｜${m.roles}｜${m.status}｜驻地：${m.station}`,
    en: (m: { name: string; roles: string; station: string; status: string }) => `· ${m.name} | ${m.roles} | ${m.status} | station: ${m.station}`,
  },
  memberList: { zh: (lines: string) => `成员：\n${lines}`, en: (lines: string) => `Members:\n${lines}` },
  memberUpdated: {
    zh: (name: string, key: string, value: string) => `已将${name}的${memberFieldLabel('zh', key)}改为${besideHan(valueLabel('zh', key, value))}。`,
    en: (name: string, key: string, value: string) => `${name}'s ${memberFieldLabel('en', key)} is now ${valueLabel('en', key, value)}.`,
  },
  memberRemoved: { zh: (name: string) => `已移除 ${name}。`, en: (name: string) => `${name} removed.` },
  memberValueBad: {
    zh: (key: string, value: string, allowed: string) => `${key} 不能设为“${echo(value)}”：可选 ${allowed}。`,
    en: (key: string, value: string, allowed: string) => `${key} cannot be "${echo(value)}": use ${allowed}.`,
  },
  memberKeyUnknown: {
    zh: () => '可修改的项：station（驻地）、status（党员/预备党员/群众）、group（党小组）、role（member/leader/volunteer）、lang（zh/en）',
    en: () => 'Keys you can set: station, status (party/probationary/non-party), group, role (member/leader/volunteer), lang (zh/en)',
  },
  inviteCreated: {
    zh: (name: string, code: string) => `${name} 的新邀请码：${code}（一次性，7 天内有效）。请本人发送 /join ${code} 绑定。`,
    en: (name: string, code: string) => `New invite code for ${name}: ${code} (single use, valid for 7 days). They join by sending /join ${code}`,
  },
  inviteLink: {
    zh: (link: string) => `如使用 Telegram，可直接打开：${link}`,
    en: (link: string) => `On Telegram they can simply open: ${link}`,
  },
  bound: {
    zh: (group: string) => `本群已成为「${group}」的课堂：每日报平安提醒、学习和会议通知会发到这里。`,
    en: (group: string) => `This chat is now a classroom of "${group}": daily check-in prompts, study and meeting notices will be posted here.`,
  },
  classroomMoved: {
    zh: (room: string, from: string, to: string) => `「${room}」已改为${to}的课堂：${from}的报平安提醒、学习和会议通知不再发到这个群。`,
    en: (room: string, from: string, to: string) =>
      `"${room}" is now a classroom of ${to}: ${from}'s check-in prompts, study and meeting notices no longer go to that chat.`,
  },
  whichGroup: {
    zh: () => '请指明党小组：在已绑定的群里使用，或加上 group=名称。',
    en: () => 'Say which group: use it in a bound chat, or add group=NAME.',
  },
  settingsShow: {
    zh: (group: string, lines: string) => `「${group}」的设置：\n${lines}\n修改请发送：/settings 设置项 新值`,
    en: (group: string, lines: string) => `Settings of "${group}":\n${lines}\nTo change one: /settings KEY VALUE`,
  },
  settingChanged: {
    zh: (key: string, value: string) => `已将${settingLabel('zh', key)}设为${besideHan(valueLabel('zh', key, value))}。`,
    en: (key: string, value: string) => `${settingLabel('en', key)} set to ${valueLabel('en', key, value)}.`,
  },
  settingUnknown: {
    zh: (key: string, keys: string) => `没有设置项 ${echo(key)}。可用：${keys}`,
    en: (key: string, keys: string) => `There is no setting ${echo(key)}. Available: ${keys}`,
  },
  settingBad: {
    zh: (key: string, value: string, hint: string) => `${settingLabel('zh', key)}（${key}）不能设为“${value}”：${hint}。`,
    en: (key: string, value: string, hint: string) => `${settingLabel('en', key)} (${key}) cannot be "${value}": ${hint}.`,
  },
  settingNoValue: {
    zh: (key: string, current: string, hint: string) =>
      `${settingLabel('zh', key)}（${key}）现在是 ${current}。要修改，请在后面写上新值：/settings ${key} 新值（${hint}）。`,
    en: (key: string, current: string, hint: string) =>
      `${settingLabel('en', key)} (${key}): currently ${current}. To change it, write the new value after it: /settings ${key} VALUE (${hint}).`,
  },
});

/** How to write each setting, shown when a value is refused. */
export const settingHints = defineTexts({
  tz: { zh: () => '应为 IANA 时区，如 Asia/Shanghai', en: () => 'use an IANA zone, e.g. Asia/Shanghai' },
  time: { zh: () => '应为 HH:MM，如 08:00', en: () => 'use HH:MM, e.g. 08:00' },
  times: { zh: () => '应为逗号分隔的 HH:MM，如 12:00,18:00', en: () => 'use HH:MM separated by commas, e.g. 12:00,18:00' },
  days: {
    zh: () => '可选 workdays（法定工作日，含调休）、daily（每天）、mon-fri（周一至周五）',
    en: () => 'one of workdays (statutory, with make-up days), daily, mon-fri',
  },
  summary: { zh: () => '可选 counts（只报人数）或 names（列出姓名）', en: () => 'counts (numbers only) or names (with names)' },
  number: {
    zh: (min: number, max: number) => `应为 ${min} 到 ${max} 的整数`,
    en: (min: number, max: number) => `use a whole number from ${min} to ${max}`,
  },
  afterPrompt: {
    zh: (prompt: string) => `截止时间应晚于每日报平安提醒时间 ${prompt}`,
    en: (prompt: string) => `the deadline must come after the daily check-in prompt at ${prompt}`,
  },
  beforeDeadline: {
    zh: (deadline: string) => `提醒时间应早于报平安截止时间 ${deadline}`,
    en: (deadline: string) => `the daily check-in prompt must come before the deadline at ${deadline}`,
  },
  lang: { zh: () => '可选 zh 或 en', en: () => 'zh or en' },
});
