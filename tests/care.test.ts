import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { careTicketEvents, careTickets } from '../db/schema';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import { MOTHER, SentLog, assertPrivacy, careBranch } from './care-fixture';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

const URGENT_TEXT = '母亲李秀英胸闷气短，需要马上送医院';

forEachBackend('care desk', (get) => {
  it('an urgent car from Yunnan at 23:40 reaches the secretary and the two on-duty volunteers, re-alerts after 15 minutes, is taken and closed, and the member hears the result', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '20:00');
    await careBranch(s);
    const log = new SentLog(s);
    expect(await log.say('赵志愿', '/duty on', { private: true })).toContain('你已上岗值班');
    expect(await log.say('钱志愿', '/值班 上岗', { private: true })).toContain('你已上岗值班');
    expect(await log.say('孙志愿', '/duty off', { private: true })).toContain('你已下班');
    expect(await log.say('李书记', '/duty', { private: true })).toContain('值班中（2）：赵志愿、钱志愿');

    await s.goTo('2026-12-01', '23:40');
    expect(await log.say('张云', `/care 用车 ${URGENT_TEXT}`)).toContain('关爱工单 #1（用车）已提交。已立即通知支部书记和值班志愿者');
    expect(log.replies.at(-1)).toMatchObject({ to: DEMO_GROUP_CHAT, text: '已收到，详情已私信发给你。' });

    const first = await s.outbox('care.alert');
    expect(first.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '赵志愿', '钱志愿']);
    const toVolunteer = first.find((r) => r.chatExternalId === '赵志愿');
    expect(toVolunteer?.text).toBe('🚗 紧急用车 #1（2026-12-01 23:40）：滁州市南谯区，联系人：母亲。接单后可见详情：/care take 1');
    expect(toVolunteer?.actions).toEqual([{ label: '接单', command: '/care take 1' }]);
    const toSecretary = first.find((r) => r.chatExternalId === '李书记')?.text ?? '';
    for (const detail of [MOTHER.name, MOTHER.phone, MOTHER.district, URGENT_TEXT]) expect(toSecretary).toContain(detail);

    await s.goTo('2026-12-01', '23:54');
    expect(await s.outbox('care.alert')).toHaveLength(3);
    await s.goTo('2026-12-02', '00:00');
    const again = (await s.outbox('care.alert')).slice(3);
    expect(again.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '赵志愿', '钱志愿']);
    expect(again.every((r) => r.text.startsWith('⏰ 仍无人接单（第 1 次提醒）'))).toBe(true);

    const takenAt = s.now();
    const took = await log.say('钱志愿', '/care take 1', { private: true });
    expect(took).toContain(`你已接单。工单 #1（用车，2026-12-01 23:40）：张云 家，${MOTHER.district}，联系人 ${MOTHER.name}（母亲）${MOTHER.phone}`);
    expect(took).toContain(URGENT_TEXT);
    expect(await log.say('赵志愿', '/care take 1', { private: true })).toContain('工单 #1 已由 钱志愿 接单');
    expect((await s.outbox('care.taken')).map((r) => [r.chatExternalId, r.text])).toEqual([
      ['张云', '志愿者 钱志愿 已接下你家的关爱工单 #1（用车）。'],
      ['赵志愿', '工单 #1 已由 钱志愿 接单，无需再处理。'],
    ]);
    await s.goTo('2026-12-02', '01:30');
    expect(await s.outbox('care.alert')).toHaveLength(6);
    expect(await s.outbox('care.escalate')).toEqual([]);

    expect(await log.say('钱志愿', '/care done 1 已送到市第一人民医院，已无大碍', { private: true })).toContain('工单 #1 已办结');
    const done = await s.outbox('care.done');
    expect(done.map((r) => [r.chatExternalId, r.text])).toEqual([
      ['张云', '✅ 你家的关爱工单 #1（用车）已由 钱志愿 办结：已送到市第一人民医院，已无大碍'],
    ]);
    await s.runtime.dispatcher.drain();
    expect(s.adapter.to('张云').map((m) => m.text)).toContain(done[0]?.text);

    const history = await get().db.select().from(careTicketEvents).where(eq(careTicketEvents.ticketId, 1)).orderBy(careTicketEvents.id);
    expect(history.map((e) => e.action)).toEqual(['raised', 'alerted', 'alerted', 'taken', 'done']);
    const stats = await log.say('李书记', '/care stats', { private: true });
    expect(stats).toContain('工单 1 张：家访 0、问需 0、亲子 0、快递 0、用车 1');
    expect(stats).toContain('接单用时中位数：20 分钟；办结用时中位数：1 小时 50 分钟');
    assertPrivacy(await log.all(), [MOTHER.name, MOTHER.phone, MOTHER.district, URGENT_TEXT], {
      servingFrom: { 钱志愿: takenAt },
      alerted: ['赵志愿', '钱志愿'],
    });
  });

  it('a parcel ticket raised by the secretary for a member is assigned to a volunteer, who alone of the volunteers sees the family', async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '10:00');
    await careBranch(s);
    const log = new SentLog(s);
    await log.say('赵志愿', '/duty on', { private: true });
    const text = '给李秀英寄一箱冬衣';
    expect(await log.say('李书记', `/care 快递 @张云 ${text}`, { private: true })).toContain('关爱工单 #1（快递）已提交。支部书记会安排志愿者');
    expect((await s.outbox('care.raised')).map((r) => [r.chatExternalId, r.text])).toEqual([
      ['张云', '李书记 为你家登记了关爱工单 #1（快递），有进展会告诉你。'],
    ]);
    expect(await s.outbox('care.alert')).toEqual([]);
    const beforeTake = await log.say('赵志愿', '/care list', { private: true });
    expect(beforeTake).toContain('#1 快递｜待接单');
    const assignedAt = s.now();
    expect(await log.say('李书记', '/care assign 1 钱志愿', { private: true })).toBe('已把工单 #1 指派给 钱志愿。');
    const [toVolunteer] = await s.outbox('care.assigned');
    expect(toVolunteer?.chatExternalId).toBe('钱志愿');
    expect(toVolunteer?.text).toContain(
      `李书记 把工单指派给你。工单 #1（快递，2026-12-02 10:00）：张云 家，${MOTHER.district}，联系人 ${MOTHER.name}（母亲）${MOTHER.phone}`,
    );
    expect(toVolunteer?.actions).toEqual([{ label: '完成', command: '/care done 1' }]);
    expect(await log.say('赵志愿', '/care done 1 寄出了', { private: true })).toContain('工单 #1 没有指派给你');
    expect(await log.say('赵志愿', '/family list 张云', { private: true })).toContain('你没有负责 张云 家的工单');
    expect(await log.say('钱志愿', '/family list 张云', { private: true })).toContain(MOTHER.phone);
    expect(await log.say('钱志愿', '/care list', { private: true })).toContain(`#1 快递｜处理中（钱志愿）｜张云 家，${MOTHER.district}｜${text}`);
    expect(await log.say('钱志愿', '/care done 1', { private: true })).toContain('工单 #1 已办结');
    expect((await s.outbox('care.done')).map((r) => [r.chatExternalId, r.text])).toEqual([
      ['张云', '✅ 你家的关爱工单 #1（快递）已由 钱志愿 办结。'],
      ['李书记', '✅ 张云 家的关爱工单 #1（快递）已由 钱志愿 办结。'],
    ]);
    const history = await get().db.select().from(careTicketEvents).orderBy(careTicketEvents.id);
    expect(history.map((e) => [e.action, e.actorId])).toEqual([
      ['raised', await s.memberId('李书记')],
      ['assigned', await s.memberId('李书记')],
      ['done', await s.memberId('钱志愿')],
    ]);
    assertPrivacy(await log.all(), [MOTHER.name, MOTHER.phone, MOTHER.district, text], { servingFrom: { 钱志愿: assignedAt } });
  });

  it('a member cancels their own ticket in the group chat; the group hears only that it was received; another member cannot cancel it', async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '10:00');
    await careBranch(s);
    const log = new SentLog(s);
    const text = '想请志愿者陪母亲李秀英去社区体检';
    expect(await log.say('张云', `/关爱 问需 ${text}`)).toContain('关爱工单 #1（问需）已提交');
    expect(await log.say('刘川', '/care cancel 1')).toBe('工单 #1 不是你家的工单，不能取消。');
    expect(await log.say('张云', '/care cancel 1')).toBe('工单 #1 已取消。');
    expect(await log.say('张云', '/care cancel 1')).toBe('工单 #1 已取消，不能再改动。');
    const [ticket] = await get().db.select().from(careTickets);
    expect([ticket?.status, ticket?.closedAt?.toISOString()]).toEqual(['cancelled', s.now().toISOString()]);
    const inGroup = log.replies.filter((r) => r.to === DEMO_GROUP_CHAT).map((r) => r.text);
    expect(inGroup).toEqual(Array(4).fill('已收到，详情已私信发给你。'));
    expect(await log.say('张云', '/care mine', { private: true })).toContain('· #1 问需｜已取消｜2026-12-02 10:00');
    assertPrivacy(await log.all(), [MOTHER.name, MOTHER.phone, MOTHER.district, text], {});
  });

  it("an urgent ticket untaken for an hour is escalated once to the member's leader and the secretary, without family details for the leader", async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '02:00');
    await careBranch(s);
    await s.say('赵志愿', '/duty on', { private: true });
    expect(await s.text('张云', `/care car ${URGENT_TEXT}`, { private: true })).toContain('已立即通知支部书记和值班志愿者（1 人）');
    await s.goTo('2026-12-02', '03:30');
    const escalations = await s.outbox('care.escalate');
    expect(escalations.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
    const escalationTo = (who: string) => escalations.find((r) => r.chatExternalId === who)?.text;
    expect(escalationTo('李书记')).toBe('⚠️ 张云 家的紧急用车 #1 已一小时无人接单，请立即指派：/care assign 1 志愿者');
    // The leader cannot assign: he is asked to press the secretary or call the member.
    expect(escalationTo('王组长')).toBe('⚠️ 张云 家的紧急用车 #1 已一小时无人接单。请联系支部书记尽快指派志愿者，或直接联系 张云 了解家里的情况。');
    expect((await s.outbox('care.alert')).filter((r) => r.chatExternalId === '赵志愿')).toHaveLength(7);
    await s.say('李书记', '/care assign 1 赵志愿', { private: true });
    await s.goTo('2026-12-02', '05:00');
    expect((await s.outbox('care.alert')).filter((r) => r.chatExternalId === '赵志愿')).toHaveLength(7);
    expect(await s.outbox('care.escalate')).toHaveLength(2);
  });

  it("the quarter's unvisited families go to the secretary once, across a restart and with two instances", async () => {
    const s = await Scenario.create(get().db, '2026-11-30', '20:00');
    await careBranch(s);
    expect(await s.text('赵志愿', '/visit 刘川 看望了刘川的父亲，身体硬朗', { private: true })).toContain('已记录对 刘川 家的家访');
    expect((await s.outbox('care.visit')).map((r) => [r.chatExternalId, r.text])).toEqual([
      ['刘川', '🏠 志愿者 赵志愿 看望了你的家人：看望了刘川的父亲，身体硬朗'],
    ]);
    await s.goTo('2026-12-01', '08:30');
    expect(await s.outbox('care.unvisited')).toEqual([]);
    // The process is down over 09:00; a new instance comes up at 11:00 while the old one also ticks.
    const restarted = await Scenario.create(get().db, '2026-12-01', '11:00');
    await restarted.runtime.scheduler.tick(restarted.now());
    await s.runtime.scheduler.tick(restarted.now());
    await restarted.goTo('2026-12-03', '09:00', 60);
    const sent = await s.outbox('care.unvisited');
    expect(sent.map((r) => r.chatExternalId)).toEqual(['李书记']);
    expect(sent[0]?.text).toBe(
      '🏠 2026 年第 4 季度尚未家访的家庭：\n· 周川（未登记家属）\n· 孙组长（未登记家属）\n· 张云\n· 王组长（未登记家属）\n· 陈闽（未登记家属）\n家访后记录：/visit 成员 情况',
    );
    expect(await s.text('刘川', '/care mine', { private: true })).toContain('赵志愿：看望了刘川的父亲，身体硬朗');
  });

  it('the privacy check itself catches a leak', () => {
    const leak = [{ to: '刘川', text: `联系人 ${MOTHER.phone}`, at: new Date() }];
    expect(() => assertPrivacy(leak, [MOTHER.phone], {})).toThrow(/刘川 must not read/);
    expect(() => assertPrivacy([{ ...leak[0], to: '李书记' } as never], [MOTHER.phone], {})).not.toThrow();
  });

  it('an urgent ticket with no volunteer on duty says so to the member and asks the secretary to assign one', async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '10:00');
    await careBranch(s);
    const reply = await s.text('张云', `/care car ${URGENT_TEXT}`, { private: true });
    expect(reply).toContain('已立即通知支部书记；现在没有值班志愿者，支部书记会直接指派');
    const [alert] = (await s.outbox('care.alert')).filter((r) => r.chatExternalId === '李书记');
    expect(alert?.text).toContain('现在没有值班志愿者，请直接指派：/care assign 1 志愿者');
  });
});
