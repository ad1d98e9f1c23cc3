import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

forEachBackend('check-in defects found by a new user (issue 10)', (get) => {
  it('/attendance and /my do not count days before the member existed', async () => {
    // The demo members are created on Monday 2026-11-30, the last day of November.
    const s = await Scenario.create(get().db, '2026-11-30', '08:30');
    const own = await s.text('张云', '/attendance 2026-11');
    expect(own).toContain('· 张云：1 / 0 / 0 / 0 / 0');
    const leader = await s.text('王组长', '/attendance 2026-11');
    expect(leader).toContain('· 刘川：1 / 0 / 0 / 0 / 0');
    expect(await s.text('张云', '/my 30')).toContain('漏报：无');
  });

  it('the prompt\'s one-tap button "平安 在岗" stores no place', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:30');
    await s.say('张云', '/checkin 平安 在岗');
    const [row] = await s.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, await s.memberId('张云')), eq(checkins.localDate, '2026-12-01')));
    expect(row).toMatchObject({ place: null, status: '在岗' });
  });
});
