import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import { rawRows } from '../db/client';
import { members } from '../db/schema';
import { coreTexts } from '../src/commands/commands.text';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';

const zh = coreTexts('zh');
const START = new Date('2026-12-02T02:00:00Z');

type Persona = 'stranger' | 'member' | 'volunteer' | 'leader' | 'secretary';
const WHO: Record<Persona, string> = { stranger: '路人甲', member: '张云', volunteer: '赵志愿', leader: '王组长', secretary: '李书记' };
const PERSONAS = Object.keys(WHO) as Persona[];
const BOUND: Persona[] = ['member', 'volunteer', 'leader', 'secretary'];

/** Every care table and the outbox, hashed, so a refusal that writes anything shows which table changed. */
const TABLES = ['family_contacts', 'volunteer_duty', 'care_tickets', 'care_ticket_events', 'home_visits', 'outbox', 'audit_log'];
async function snapshot(db: Db): Promise<Record<string, string>> {
  const parts = TABLES.map(
    (t) => `select '${t}' as t, count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${t} x`,
  );
  const rows = await rawRows<{ t: string; h: string }>(db, sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** What the asker reads privately, and what the group chat reads. */
async function askInGroup(h: ChatHarness, who: string, text: string) {
  const out = await h.say(who, text, { chat: DEMO_GROUP_CHAT });
  return { own: out.filter((o) => o.chatId === who).map((o) => o.text), group: out.filter((o) => o.chatId === DEMO_GROUP_CHAT).map((o) => o.text) };
}

forEachBackend('care and family commands', (get) => {
  async function demo(): Promise<ChatHarness> {
    const h = new ChatHarness(get().db, START);
    await seedDemo(get().db, START);
    return h;
  }

  const MATRIX: { label: string; text: string; allowed: Persona[]; ok: string }[] = [
    { label: '/family', text: '/family', allowed: BOUND, ok: '家属' },
    { label: '/family list', text: '/家属 list', allowed: BOUND, ok: '家属' },
    { label: '/family add', text: '/family add 李秀英 母亲 滁州市南谯区 13912345678', allowed: BOUND, ok: '登记家属 #' },
    { label: '/family remove', text: '/family remove 王芳', allowed: BOUND, ok: '的家属中没有“王芳”' },
    { label: '/care', text: '/care 快递 寄一箱冬衣', allowed: BOUND, ok: '（快递）已提交' },
    { label: '/care mine', text: '/care mine', allowed: BOUND, ok: '你家的关爱工单：' },
    { label: '/care cancel', text: '/care cancel 1', allowed: BOUND, ok: '没有编号为 #1 的关爱工单' },
    { label: '/care list', text: '/关爱 list', allowed: ['volunteer', 'secretary'], ok: '未办结的关爱工单（0）' },
    { label: '/care take', text: '/care take 1', allowed: ['volunteer'], ok: '没有编号为 #1 的关爱工单' },
    { label: '/care assign', text: '/care assign 1 赵志愿', allowed: ['secretary'], ok: '没有编号为 #1 的关爱工单' },
    { label: '/care done', text: '/care done 1 办好了', allowed: ['volunteer', 'secretary'], ok: '没有编号为 #1 的关爱工单' },
    { label: '/care stats', text: '/care stats', allowed: ['secretary'], ok: '关爱统计（2026 年第 4 季度）' },
    { label: '/duty', text: '/值班', allowed: ['volunteer', 'secretary'], ok: '值班' },
    { label: '/visit', text: '/visit 张云 看望了母亲，身体尚好', allowed: ['volunteer', 'secretary'], ok: '已记录对 张云 家的家访' },
  ];

  it.each(MATRIX.map((row) => ({ ...row, name: `${row.text} → ${row.allowed.join(', ')}` })))(
    'role matrix, asked in the group chat: $name',
    async ({ label, text, allowed, ok }) => {
      const h = await demo();
      const before = await snapshot(get().db);
      for (const p of PERSONAS.filter((x) => !allowed.includes(x))) {
        const answer = await askInGroup(h, WHO[p], text);
        expect(answer.own, p).toEqual([p === 'stranger' ? zh.notBound() : zh.notAllowed(label)]);
        expect(answer.group, p).toEqual([zh.receivedPrivately()]);
        expect(await snapshot(get().db)).toEqual(before);
      }
      for (const p of allowed) {
        const answer = await askInGroup(h, WHO[p], text);
        expect(answer.own.join('\n'), p).toContain(ok);
        expect(answer.group, p).toEqual([zh.receivedPrivately()]);
      }
    },
  );

  it('/duty on is for volunteers only; the secretary is told so and nothing changes', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    expect(await h.ask('李书记', '/duty on')).toBe('只有志愿者可以上岗或下班。');
    expect(await h.ask('赵志愿', '/duty maybe')).toBe(
      '参数有误：只能是 on（上岗）或 off（下班）\n用法：/duty on|off（上岗|下班）；支部书记发送 /duty 查看谁在值班',
    );
    expect(await snapshot(get().db)).toEqual(before);
  });

  const BAD: { who: string; text: string; zh: string; en: string }[] = [
    {
      who: '刘川',
      text: '/care 打车 送母亲去医院',
      zh: '没有“打车”这种关爱类型，可选：家访、问需、亲子、快递、用车',
      en: '"打车" is not a care type',
    },
    { who: '刘川', text: '/care 用车', zh: '请写明需要什么帮助', en: 'Say what help is needed' },
    { who: '刘川', text: '/care', zh: '参数有误：内容不能为空', en: 'Wrong arguments: the text must not be empty' },
    { who: '刘川', text: '/care cancel 1', zh: '工单 #1 不是你家的工单，不能取消。', en: "Ticket #1 is not your family's; you cannot cancel it." },
    { who: '孙志愿', text: '/care done 1 办完了', zh: '工单 #1 没有指派给你', en: 'Ticket #1 is not assigned to you' },
    { who: '孙志愿', text: '/care take 99', zh: '没有编号为 #99 的关爱工单。', en: 'There is no care ticket #99.' },
    { who: '孙志愿', text: '/care take abc', zh: '编号应为正整数', en: 'an id is a positive whole number' },
    {
      who: '刘川',
      text: '/family add 王芳 妻子 凉山州西昌市 12345',
      zh: '电话“12345”格式不对：手机号是 1 开头的 11 位数字',
      en: '"12345" is not a phone number',
    },
    { who: '刘川', text: '/family add 王芳 妻子 凉山州西昌市 1231234567', zh: '电话“1231234567”格式不对', en: 'is not a phone number' },
    { who: '刘川', text: '/family add 王芳 妻子 西昌市胜利路18号 13812345678', zh: '只写到区县', en: 'give the district only' },
    { who: '刘川', text: '/family add 王芳 妻子', zh: '参数有误：内容不能为空', en: 'Wrong arguments: the text must not be empty' },
    {
      who: '刘川',
      text: '/family list 张云',
      zh: '只有支部书记可以查看或登记别人的家属信息。',
      en: "Only the secretary may see or register someone else's family.",
    },
    {
      who: '刘川',
      text: '/family add @张云 王芳 妻子 西昌市 13812345678',
      zh: '只有支部书记可以查看或登记别人的家属信息。',
      en: "Only the secretary may see or register someone else's family.",
    },
    {
      who: '刘川',
      text: '/care 快递 @张云 寄冬衣',
      zh: '只有支部书记可以查看或登记别人的家属信息。',
      en: "Only the secretary may see or register someone else's family.",
    },
    { who: '李书记', text: '/care assign 1 刘川', zh: '刘川 不是志愿者，不能指派。', en: '刘川 is not a volunteer and cannot be assigned.' },
    { who: '李书记', text: '/visit 无名氏 看望', zh: '没有名为「无名氏」的成员', en: 'There is no member named "无名氏"' },
    {
      who: '李书记',
      text: '/visit 张云 看望 ticket=1',
      zh: '工单 #1 不是 张云 家未办结的家访工单，未记录。',
      en: 'Ticket #1 is not an open home-visit ticket',
    },
  ];

  it.each(BAD)('bad input is refused in zh and en, writing nothing: $text', async ({ who, text, zh: zhText, en: enText }) => {
    const h = await demo();
    await h.ask('李书记', '/member add 孙志愿 role=volunteer');
    await get().db.execute(
      sql`insert into accounts (platform, external_id, member_id) select 'console', '孙志愿', id from members where name = '孙志愿'`,
    );
    await h.ask('张云', '/care 快递 寄冬衣');
    const before = await snapshot(get().db);
    expect(await h.ask(who, text)).toContain(zhText);
    await get().db.update(members).set({ lang: 'en' }).where(eq(members.name, who));
    expect(await h.ask(who, text)).toContain(enText);
    expect(await snapshot(get().db)).toEqual(before);
  });

  it('a Chinese landline with its area code and a mobile with +86 are both accepted and stored plainly', async () => {
    const h = await demo();
    expect(await h.ask('刘川', '/family add 王芳 妻子 凉山州西昌市 0834-3212345 在家带孩子')).toContain('凉山州西昌市，0834-3212345');
    expect(await h.ask('刘川', '/family add 刘父 父亲 凉山州西昌市 +8613812345678')).toContain('，13812345678。');
    const list = await h.ask('刘川', '/family list');
    expect(list).toBe('刘川 的家属：\n· #2 王芳（妻子）凉山州西昌市　0834-3212345　备注：在家带孩子\n· #3 刘父（父亲）凉山州西昌市　13812345678');
    expect(await h.ask('李书记', '/family remove @刘川 2')).toBe('已删除 刘川 的家属 王芳。');
    expect(await h.ask('李书记', '/family add 刘川 刘母 母亲 凉山州西昌市 13812345679')).toContain('已为 刘川 登记家属 #4');
    expect(await h.ask('王组长', '/family list 刘川')).toBe('只有支部书记可以查看或登记别人的家属信息。');
  });

  it("logging a visit does not open a family's register to a volunteer; a ticket taken for that family does", async () => {
    const h = await demo();
    await h.ask('张云', '/family add 李秀英 母亲 滁州市南谯区 13912345678');
    expect(await h.ask('赵志愿', '/visit 张云 x')).toContain('已记录对 张云 家的家访');
    const refused = await h.ask('赵志愿', '/family list 张云');
    expect(refused).toContain('你没有负责 张云 家的工单');
    expect(refused).not.toContain('13912345678');
    await h.ask('张云', '/care 家访 想请人看看母亲');
    expect(await h.ask('赵志愿', '/care take 1')).toContain('#1');
    expect(await h.ask('赵志愿', '/family list 张云')).toContain('13912345678');
  });
});
