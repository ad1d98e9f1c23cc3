import { defineTexts, plural, quoteZh } from '../i18n';

type Posted = { id: number; title: string; body: string; link: string | null; deadline: string | null; minChars: number };
type Saved = { id: number; title: string; updated: boolean; late: boolean; passage: number | null; chars: number };

/** Study items: posting, the classroom broadcast, notes and reminders. */
export const studyTexts = defineTexts({
  broadcast: {
    zh: (p: Posted) =>
      `📚 学习 #${p.id}：${p.title}${p.body ? `\n${p.body}` : ''}${p.link ? `\n链接：${p.link}` : ''}${p.deadline ? `\n截止：${p.deadline}` : ''}\n学完请发送 /studied ${p.id} 学习笔记（不少于 ${p.minChars} 字）`,
    en: (p: Posted) =>
      `📚 Study #${p.id}: ${p.title}${p.body ? `\n${p.body}` : ''}${p.link ? `\nLink: ${p.link}` : ''}${p.deadline ? `\nDue: ${p.deadline}` : ''}\nWhen done, send /studied ${p.id} YOUR NOTE (at least ${p.minChars} characters)`,
  },
  posted: {
    zh: (p: { id: number; title: string; scope: string; rooms: number; privately: number }) =>
      `✅ 已发布学习 #${p.id}${quoteZh(p.title)}（${p.scope}），已推送到 ${p.rooms} 个课堂${p.privately ? `，另私信 ${p.privately} 人（其党小组尚无课堂）` : ''}。查看进度：/study status ${p.id}`,
    en: (p: { id: number; title: string; scope: string; rooms: number; privately: number }) =>
      `✅ Study #${p.id} "${p.title}" posted (${p.scope}) to ${plural(p.rooms, 'classroom')}${p.privately ? `, and privately to ${plural(p.privately, 'person', 'people')} whose group has no classroom` : ''}. Progress: /study status ${p.id}`,
  },
  badDeadline: {
    zh: (text: string) => `截止时间「${text}」看不懂：应写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM，例如 2026-12-05 或 2026-12-05 18:00`,
    en: (text: string) => `Cannot read the deadline "${text}": write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-12-05 or 2026-12-05 18:00`,
  },
  deadlinePast: {
    zh: (when: string) => `截止时间 ${when} 已经过去，请给一个将来的时间。`,
    en: (when: string) => `The deadline ${when} has already passed; give a time in the future.`,
  },
  needTitleBody: {
    zh: () => '需要标题和内容（或链接），用 | 分开，例如：/study post 学习党章 | 第一章 总纲 | 2026-12-05',
    en: () => 'A title and a body (or link) are needed, separated by |, e.g. /study post Party constitution | Chapter 1 | 2026-12-05',
  },
  noSuchItem: {
    zh: (id: number) => `没有学习 #${id}。发送 /study list 查看学习任务。`,
    en: (id: number) => `There is no study item #${id}. Send /study list to see them.`,
  },
  notForYou: {
    zh: (id: number) => `学习 #${id} 不是发给你所在党小组的，无需提交笔记。`,
    en: (id: number) => `Study item #${id} is not for your group; you do not need to hand in a note.`,
  },
  noteTooShort: {
    zh: (p: { id: number; min: number; chars: number }) =>
      `笔记太短：至少 ${p.min} 个字，你写了 ${p.chars} 个字。请写下学习体会后重新发送：/studied ${p.id} 学习笔记`,
    en: (p: { id: number; min: number; chars: number }) =>
      `Your note is too short: at least ${p.min} characters, you wrote ${p.chars}. Write what you learned and send again: /studied ${p.id} YOUR NOTE`,
  },
  noteSaved: {
    zh: (p: Saved) =>
      `✅ 已${p.updated ? '更新' : '记录'}你对学习 #${p.id}${quoteZh(p.title)}${p.passage ? `第 ${p.passage} 段` : ''}的笔记（${p.chars} 字）${p.late ? '，已过截止时间，记为补交' : ''}。${p.updated ? '原笔记已存档。' : ''}`,
    en: (p: Saved) =>
      `✅ ${p.updated ? 'Updated' : 'Saved'} your note on study #${p.id} "${p.title}"${p.passage ? `, passage ${p.passage}` : ''} (${p.chars} characters)${p.late ? '; it is past the deadline, so it counts as late' : ''}.${p.updated ? ' The earlier note is kept.' : ''}`,
  },
  noPassageYet: {
    zh: (id: number) => `学习 #${id} 是小组传达学习，第一段还没有推送，请推送后再提交笔记。`,
    en: (id: number) => `Study #${id} is a relay study and its first passage has not been posted yet; send your note after it is.`,
  },
  reminder: {
    zh: (p: { id: number; title: string; deadline: string }) =>
      `⏰ 学习 #${p.id}${quoteZh(p.title)}将于 ${p.deadline} 截止，你还没有提交学习笔记。学完请发送 /studied ${p.id} 学习笔记`,
    en: (p: { id: number; title: string; deadline: string }) =>
      `⏰ Study #${p.id} "${p.title}" is due ${p.deadline} and you have not handed in a note yet. When done, send /studied ${p.id} YOUR NOTE`,
  },
  overdue: {
    zh: (p: { id: number; title: string; deadline: string }) =>
      `⏰ 补学 #${p.id}${quoteZh(p.title)}已于 ${p.deadline} 截止，仍未收到你的学习笔记，请尽快补学并发送 /studied ${p.id} 学习笔记`,
    en: (p: { id: number; title: string; deadline: string }) =>
      `⏰ Make-up study #${p.id} "${p.title}" was due ${p.deadline} and your note is still missing. Please study it and send /studied ${p.id} YOUR NOTE`,
  },
  makeupAssigned: {
    zh: (p: { id: number; title: string; why: string; deadline: string; body: string }) =>
      `📚 补学 #${p.id}：${p.title}\n你${p.why}，请学习会议材料并在 ${p.deadline} 前发送 /studied ${p.id} 学习笔记。\n${p.body}`,
    en: (p: { id: number; title: string; why: string; deadline: string; body: string }) =>
      `📚 Make-up study #${p.id}: ${p.title}\nYou ${p.why}; study the meeting's material and send /studied ${p.id} YOUR NOTE by ${p.deadline}.\n${p.body}`,
  },
  whyAbsent: { zh: () => '缺席了这次会议', en: () => 'missed this meeting' },
  whyExcused: { zh: () => '请假未参加这次会议', en: () => 'were excused from this meeting' },
});
