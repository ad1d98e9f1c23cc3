/**
 * The examples in docs/reports/: a month (December 2026) of the demo branch, typed through the bot as its people
 * would, then the secretary's /report and /export. Writes the month's branch chart and one group's matrix (PNG), the
 * text summaries, the whole workbook and one member's work record (PDF, plus its first page as PNG when pdftoppm
 * is installed).
 *
 *   npx tsx scripts/demo-reports.ts [OUT_DIR]      (default docs/reports; an in-memory database, nothing else kept)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDb } from '../db/client';
import type { Db } from '../db/client';
import { accounts, chats } from '../db/schema';
import { createApp } from '../src/app/app';
import type { InboundMessage, Outbound } from '../src/chat/types';
import { silentLogger } from '../src/log';
import { DEMO_GROUP, DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { bindChat, createGroup, createMember, findBranch } from '../src/org/org.service';
import { datesBetween, weekdayOf, zonedInstant } from '../src/time';

const TZ = 'Asia/Shanghai';
const MONTH = '2026-12';

/** Two more groups beside the seeded one, so the branch chart has a line per group. */
const MORE_GROUPS = [
  {
    name: '云南收购党小组',
    chat: '云南收购党小组群',
    people: [
      { name: '杨洱', role: 'leader', station: '云南 大理 烟叶站' },
      { name: '段丽', role: 'member', station: '云南 楚雄 收购点' },
      { name: '普华', role: 'member', station: '云南 红河 烟叶基地' },
      { name: '李滇', role: 'member', station: '云南 昆明 复烤厂' },
    ],
  },
  {
    name: '川闽收购党小组',
    chat: '川闽收购党小组群',
    people: [
      { name: '何蓉', role: 'leader', station: '四川 宜宾 烟叶站' },
      { name: '林福', role: 'member', station: '福建 龙岩 烟叶基地' },
      { name: '黄闽', role: 'member', station: '福建 南平 收购站' },
      { name: '吴蜀', role: 'member', station: '四川 攀枝花 烟叶站' },
    ],
  },
] as const;

/** Who reports from where, and how reliably (share of required days reported on time). */
const PEOPLE: Record<string, { place: string; chat: string; onTime: number }> = {
  王组长: { place: '云南玉溪', chat: DEMO_GROUP_CHAT, onTime: 0.97 },
  张云: { place: '云南曲靖', chat: DEMO_GROUP_CHAT, onTime: 0.93 },
  刘川: { place: '四川凉山', chat: DEMO_GROUP_CHAT, onTime: 0.8 },
  陈闽: { place: '福建三明', chat: DEMO_GROUP_CHAT, onTime: 0.9 },
  杨洱: { place: '云南大理', chat: '云南收购党小组群', onTime: 0.95 },
  段丽: { place: '云南楚雄', chat: '云南收购党小组群', onTime: 0.9 },
  普华: { place: '云南红河', chat: '云南收购党小组群', onTime: 0.85 },
  李滇: { place: '云南昆明', chat: '云南收购党小组群', onTime: 0.92 },
  何蓉: { place: '四川宜宾', chat: '川闽收购党小组群', onTime: 0.96 },
  林福: { place: '福建龙岩', chat: '川闽收购党小组群', onTime: 0.75 },
  黄闽: { place: '福建南平', chat: '川闽收购党小组群', onTime: 0.88 },
  吴蜀: { place: '四川攀枝花', chat: '川闽收购党小组群', onTime: 0.9 },
};
const NOTES = ['烟叶收购进度正常', '今日走访烟农三户', '复烤厂交接顺利', '雨天，仓储检查', '质量抽检合格', '与烟站对接收购计划'];
const STUDY_NOTES = [
  '学习了党章总纲，体会到党员在收购一线要守纪律、讲规矩，把烟农的事当自己的事。',
  '通过学习认识到，基层党员要在急难险重任务中站得出来，把收购质量放在第一位。',
  '学习后对“一家人”志愿服务有了更深理解，组织关心我们的家庭，我们更要安心在外工作。',
];

/** A fixed sequence of "random" numbers, so the example is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Demo {
  private seq = 0;
  private now = zonedInstant('2026-11-25', '09:00', TZ);
  readonly app;

  constructor(readonly db: Db) {
    this.app = createApp({ db, clock: () => this.now, log: silentLogger() });
  }

  at(date: string, time: string): void {
    this.now = zonedInstant(date, time, TZ);
  }

  /** One message through the bot, as the console adapter hands it in; fails loudly on an unexpected answer. */
  async say(from: string, text: string, chat: string, expect?: string): Promise<Outbound[]> {
    const msg: InboundMessage = {
      platform: 'console',
      messageId: `demo-${++this.seq}`,
      chatId: chat,
      chatKind: chat === from ? 'private' : 'group',
      chatTitle: chat === from ? undefined : chat,
      senderId: from,
      senderName: from,
      text,
      mentionsBot: false,
      at: this.now,
    };
    const out = await this.app.handleInbound(msg);
    const all = out.map((o) => o.text).join('\n');
    if (expect && !all.includes(expect)) throw new Error(`${from}: ${text}\n→ ${all}`);
    return out;
  }

  /** The number after '#' in the first answer: a new item's id. */
  async id(from: string, text: string, chat: string): Promise<number> {
    const out = await this.say(from, text, chat, '#');
    return Number(/#(\d+)/.exec(out.map((o) => o.text).join('\n'))?.[1]);
  }
}

async function moreGroups(db: Db, now: Date): Promise<void> {
  const branch = await findBranch(db);
  if (!branch) throw new Error('the demo branch was not seeded');
  for (const g of MORE_GROUPS) {
    const group = await createGroup(db, branch.id, g.name);
    for (const p of g.people) {
      const { member } = await createMember(db, { branchId: branch.id, name: p.name, role: p.role, groupId: group.id, station: p.station }, now);
      await db.insert(accounts).values({ platform: 'console', externalId: p.name, memberId: member.id, displayName: p.name, lastSeenAt: now });
    }
    const [chat] = await db.insert(chats).values({ platform: 'console', externalId: g.chat, kind: 'group', title: g.chat }).returning();
    if (chat) await bindChat(db, chat.id, group.id, now);
  }
}

/** Each required (here: Monday–Friday) day: most report on time, some a day late, a few not at all. */
async function checkins(d: Demo, date: string, rand: () => number, away: Set<string>, late: Map<string, string>): Promise<void> {
  for (const [name, who] of Object.entries(PEOPLE)) {
    if (away.has(name)) continue;
    d.at(date, `0${7 + Math.floor(rand() * 3)}:${String(10 + Math.floor(rand() * 49))}`);
    const owed = late.get(name);
    if (owed) {
      await d.say(name, `/checkin ${owed} ${who.place} 在岗 补报`, name, '补报');
      late.delete(name);
    }
    const r = rand();
    if (r > who.onTime) {
      // Silent today; one in two of them back-fills it tomorrow.
      if (rand() < 0.5) late.set(name, date);
      continue;
    }
    const note = NOTES[Math.floor(rand() * NOTES.length)];
    await d.say(name, `/checkin ${who.place} 在岗 ${note}`, who.chat, '已收到');
  }
}

async function month(d: Demo): Promise<void> {
  const rand = seeded(20261201);
  const late = new Map<string, string>();
  const away = new Set<string>();
  let makeupIds: number[] = [];
  for (const date of datesBetween(`${MONTH}-01`, `${MONTH}-31`)) {
    const weekday = weekdayOf(date);
    if (date === '2026-12-14') away.add('陈闽');
    if (date === '2026-12-17') away.delete('陈闽');
    if (date === '2026-12-24') away.add('张云');
    if (date === '2026-12-28') away.delete('张云');
    if (weekday >= 1 && weekday <= 5) await checkins(d, date, rand, away, late);
    await events(d, date, rand, makeupIds);
    if (date === '2026-12-19') makeupIds = await closeMeetings(d);
  }
}

/** What else happens on a day: study, meetings, leave, care. */
async function events(d: Demo, date: string, rand: () => number, makeupIds: number[]): Promise<void> {
  if (date === '2026-12-01') {
    d.at(date, '10:00');
    await d.say('李书记', '/study post 学习《中国共产党章程》总纲 | 全文学习党章总纲，结合收购一线工作写心得 | 2026-12-10', '李书记', '#1');
    await d.say('李书记', '/meeting new 支部党员大会 2026-12-18 19:30 年度总结与民主评议 | 视频', '李书记', '#');
    await d.say('王组长', '/meeting new 党小组会 2026-12-11 20:00 学习二十大精神', DEMO_GROUP_CHAT, '#');
  }
  if (date === '2026-12-10') {
    d.at(date, '12:00');
    await d.say('陈闽', '/leave 2026-12-14 2026-12-16 回家照顾住院的母亲', '陈闽', '#');
    await d.say('王组长', '/approve 1', '王组长', '已批准');
    await d.say('张云', '/leave 2026-12-24 2026-12-25 回家陪母亲复查', '张云', '#');
    await d.say('王组长', '/approve 2', '王组长', '已批准');
  }
  if (date >= '2026-12-02' && date <= '2026-12-09') {
    d.at(date, '21:00');
    for (const name of Object.keys(PEOPLE)) if (rand() < 0.18) await d.say(name, `/studied 1 ${STUDY_NOTES[Math.floor(rand() * 3)]}`, name);
  }
  if (date === '2026-12-11') await signIns(d, date, '20:05', ['王组长', '张云', '陈闽'], 2);
  if (date === '2026-12-18')
    await signIns(
      d,
      date,
      '19:32',
      Object.keys(PEOPLE).filter((_n) => rand() < 0.85),
      1,
    );
  if (date === '2026-12-22' || date === '2026-12-23') {
    d.at(date, '21:30');
    for (const [i, id] of makeupIds.entries()) if (date === '2026-12-22' || i % 2) await d.say('刘川', `/studied ${id} ${STUDY_NOTES[2]}`, '刘川');
  }
  if (date === '2026-12-03') {
    d.at(date, '21:40');
    await d.say('张云', '/checkin 云南曲靖 发烧 在宾馆休息，已吃药', '张云', '张云 2026-12-03');
  }
  await care(d, date);
}

async function signIns(d: Demo, date: string, time: string, who: string[], meeting: number): Promise<void> {
  d.at(date, time);
  // In a group chat the sign-in counts for that classroom.
  for (const name of who) await d.say(name, `/signin ${meeting}`, PEOPLE[name]?.chat ?? name, '签到会议');
}

/** The secretary closes both meetings; absent members get the material as make-up study. */
async function closeMeetings(d: Demo): Promise<number[]> {
  d.at('2026-12-19', '09:00');
  await d.say('李书记', '/meeting minutes 1 总结全年收购工作，开展民主评议，部署明年计划', '李书记');
  await d.say('李书记', '/meeting report 1', '李书记', '出席');
  await d.say('李书记', '/meeting report 2', '李书记', '出席');
  return [3, 4];
}

/** The "一家人" desk: an urgent car, a parcel, a parent-child day and home visits. */
async function care(d: Demo, date: string): Promise<void> {
  if (date === '2026-12-05') {
    d.at(date, '09:00');
    await d.say('赵志愿', '/visit 张云 看望张云母亲，腿脚恢复得不错', '赵志愿', '已记录');
  }
  if (date === '2026-12-13') {
    d.at(date, '23:40');
    const id = await d.id('张云', '/care 用车 母亲夜里腹痛，需要用车去医院', '张云');
    d.at(date, '23:48');
    await d.say('赵志愿', `/care take ${id}`, '赵志愿', '接单');
    d.at('2026-12-14', '01:10');
    await d.say('赵志愿', `/care done ${id} 已送到市第一人民医院，已无大碍`, '赵志愿', '办结');
  }
  if (date === '2026-12-15') {
    d.at(date, '10:00');
    const id = await d.id('林福', '/care 快递 给孩子寄一套冬季校服', '林福');
    await d.say('李书记', `/care assign ${id} 赵志愿`, '李书记', '指派');
    d.at('2026-12-17', '15:00');
    await d.say('赵志愿', `/care done ${id} 已寄出，孩子收到了`, '赵志愿', '办结');
  }
  if (date === '2026-12-20') {
    d.at(date, '10:00');
    await d.id('刘川', '/care 亲子 周末想请志愿者陪孩子去科技馆', '刘川');
    await d.say('赵志愿', '/visit 刘川 看望刘川父亲，身体硬朗，家中一切安好', '赵志愿', '已记录');
  }
}

async function files(d: Demo, dir: string): Promise<void> {
  d.at('2026-12-31', '22:00');
  const write = (name: string, data: Buffer | string) => {
    writeFileSync(join(dir, name), data);
    console.log(`wrote ${join(dir, name)}`);
  };
  const fileOf = (out: Outbound[], mime: string) => out.find((o) => o.file?.mime === mime);
  const branch = await d.say('李书记', '/report month', '李书记', '月报');
  const group = await d.say('李书记', `/report month ${DEMO_GROUP}`, '李书记', '月报');
  const [b, g] = [fileOf(branch, 'image/png'), fileOf(group, 'image/png')];
  if (!b?.file || !g?.file) throw new Error('a report came without its chart');
  write('report-month-branch.png', b.file.data);
  write('report-month-group.png', g.file.data);
  write('report-month.txt', `${b.text}\n\n${g.text}\n`);
  const all = await d.say('李书记', `/export all ${MONTH}`, '李书记', '导出');
  const book = fileOf(all, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')?.file;
  if (!book) throw new Error('the export came without its workbook');
  write(`yemai-all-${MONTH}.xlsx`, book.data);
  const record = await d.say('李书记', `/export record ${MONTH} 张云`, '李书记', '工作记录');
  const pdf = fileOf(record, 'application/pdf')?.file;
  if (!pdf) throw new Error('the work record came without its PDF');
  write(`work-record-${MONTH}.pdf`, pdf.data);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', join(dir, `work-record-${MONTH}.pdf`), join(dir, 'work-record-page')]);
    console.log(`wrote ${join(dir, 'work-record-page-*.png')}`);
  } catch {
    console.log('pdftoppm is not installed: no page images (apt-get install poppler-utils)');
  }
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'docs/reports');
  mkdirSync(dir, { recursive: true });
  const handle = await openDb({ dataDir: 'memory://' });
  try {
    const d = new Demo(handle.db);
    await seedDemo(handle.db, zonedInstant('2026-11-20', '09:00', TZ));
    await moreGroups(handle.db, zonedInstant('2026-11-20', '09:00', TZ));
    await month(d);
    await files(d, dir);
  } finally {
    await handle.close();
  }
}

await main();
