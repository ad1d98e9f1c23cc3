import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { leaveRequests, members } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

forEachBackend('leave', (get) => {
  it('routes a member to the leader and a leader to the secretary; both sides are told', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('张云', '/leave 2026-12-03 2026-12-05 回家探亲', { private: true })).toContain('#1 已提交，等待 王组长 审批');
    expect(await s.text('王组长', '/leave 2026-12-07 2026-12-08 体检', { private: true })).toContain('等待 李书记 审批');
    const requests = await s.outbox('leave.request');
    expect(requests.map((r) => r.chatExternalId)).toEqual(['王组长', '李书记']);
    expect(requests[0]?.actions).toEqual([{ label: '批准', command: '/approve 1' }]);
    expect(await s.text('王组长', '/approve 2', { private: true })).toContain('只有该成员的党小组长或支部书记可以审批');
    expect(await s.text('刘川', '/approve 1', { private: true })).toContain('没有使用 /approve 的权限');
    expect(await s.text('王组长', '/reject 1', { private: true })).toContain('用法：/reject 编号 理由');
    expect(await s.text('王组长', '/reject 1 收购旺季，请改期', { private: true })).toContain('已驳回 张云 的请假 #1');
    expect(await s.text('李书记', '/approve 2', { private: true })).toContain('已批准 王组长 的请假 #2');
    expect(await s.text('李书记', '/approve 2', { private: true })).toContain('请假 #2 已批准，不能再审批');
    const decided = await s.outbox('leave.decided');
    expect(decided.map((r) => r.chatExternalId)).toEqual(['张云', '王组长']);
    expect(decided[0]?.text).toMatch(/^❌ 你的请假 #1（2026-12-03 至 2026-12-05）被 王组长 驳回/);
    expect(decided[1]?.text).toMatch(/^✅ 你的请假 #2（2026-12-07 至 2026-12-08）已由 李书记 批准/);
    expect(decided[0]?.text).toContain('收购旺季，请改期');
  });

  it('refuses bad dates, overlaps and past leave with the reason, writing nothing', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('刘川', '/leave 2026-12-05 2026-12-03 探亲', { private: true })).toContain('开始日期不能晚于结束日期');
    expect(await s.text('刘川', '/leave 2026-13-01 2026-12-03 探亲', { private: true })).toContain('日期应写成 YYYY-MM-DD');
    expect(await s.text('刘川', '/leave 2026-12-1 2026/11/3 探亲', { private: true })).toContain('开始日期不能晚于结束日期');
    expect(await s.text('刘川', '/leave 2026-11-20 2026-11-25 探亲', { private: true })).toContain('结束日期已经过去');
    expect(await s.text('刘川', '/leave 2026-12-02 2026-12-04', { private: true })).toContain('请写上请假事由');
    expect(await get().db.select().from(leaveRequests)).toEqual([]);
    await s.text('刘川', '/leave 2026-12-02 2026-12-04 探亲', { private: true });
    expect(await s.text('刘川', '/leave 2026-12-04 2026-12-06 再请', { private: true })).toContain('与已有的请假 #1');
    expect((await get().db.select().from(leaveRequests)).length).toBe(1);
  });

  it('/back ends the leave today; /leaves shows members their own and the leader the group', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('陈闽', '/leave 2026-12-01 2026-12-10 回家照顾母亲', { private: true });
    await s.text('刘川', '/leave 2026-12-20 2026-12-21 探亲', { private: true });
    await s.text('王组长', '/approve 1', { private: true });
    expect(await s.text('刘川', '/back', { private: true })).toContain('你今天不在假期中');
    await s.goTo('2026-12-04', '09:00', 60);
    expect(await s.text('陈闽', '/销假', { private: true })).toContain('从 2026-12-04 起恢复');
    const [ended] = await get().db.select().from(leaveRequests).where(eq(leaveRequests.id, 1));
    expect([ended?.fromDate, ended?.toDate, ended?.status]).toEqual(['2026-12-01', '2026-12-03', 'approved']);
    const own = await s.text('刘川', '/leaves 2026-12', { private: true });
    expect(own).toContain('刘川');
    expect(own).not.toContain('陈闽');
    const leader = await s.text('王组长', '/假期 2026-12', { private: true });
    expect(leader).toContain('#1 陈闽 2026-12-01 至 2026-12-03｜已批准');
    expect(leader).toContain('#2 刘川 2026-12-20 至 2026-12-21｜待审批');
  });

  it('answers in English for a member whose language is en', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await get().db.update(members).set({ lang: 'en' }).where(eq(members.name, '刘川'));
    expect(await s.text('刘川', '/leave 2026-12-05 2026-12-03 visit', { private: true })).toContain('The start date must not be after the end date');
    expect(await s.text('刘川', '/leave 2026-12-05', { private: true })).toMatch(/Wrong arguments: .*Usage: \/leave FROM TO REASON/s);
  });
});
