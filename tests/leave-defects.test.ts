import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { leaveRequests } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

forEachBackend('leave defects found by a new user (issue 10)', (get) => {
  it('/back keeps the decision time, records when the member came back and tells the leader', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('陈闽', '/leave 2026-12-01 2026-12-10 回家照顾母亲', { private: true });
    await s.text('王组长', '/approve 1', { private: true });
    const [approved] = await get().db.select().from(leaveRequests).where(eq(leaveRequests.id, 1));
    await s.goTo('2026-12-04', '09:00', 60);
    await s.text('陈闽', '/back', { private: true });
    const [ended] = await get().db.select().from(leaveRequests).where(eq(leaveRequests.id, 1));
    expect(ended?.decidedAt?.toISOString()).toBe(approved?.decidedAt?.toISOString());
    expect(ended?.endedAt?.toISOString()).toBe(s.now().toISOString());
    const told = await s.outbox('leave.back');
    expect(told.map((r) => [r.chatExternalId, r.text])).toEqual([
      ['王组长', 'ℹ️ 陈闽 已销假（请假 #1，原定 2026-12-01 至 2026-12-10），从 2026-12-04 起恢复报平安。'],
    ]);
  });

  it('/驳回 2 without a reason says a reason for rejecting is needed, not "内容不能为空"', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('张云', '/leave 2026-12-03 2026-12-05 回家探亲', { private: true });
    const answer = await s.text('王组长', '/驳回 1', { private: true });
    expect(answer).toContain('请写上驳回的理由');
    expect(answer).not.toContain('内容不能为空');
    const [row] = await get().db.select().from(leaveRequests);
    expect(row?.status).toBe('pending');
  });
});
