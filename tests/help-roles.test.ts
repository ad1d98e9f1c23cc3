import { expect, it } from 'vitest';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

forEachBackend('/help per role', (get) => {
  it('a volunteer in no group is not offered /checkin, /leave, /my or /signin; a member is; the secretary keeps /checkin for proxy reports', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const lines = async (who: string) => (await s.text(who, '/help', { private: true })).split('\n').map((l) => l.split(' ')[0]);
    const volunteer = await lines('赵志愿');
    for (const command of ['/checkin', '/leave', '/my', '/signin']) expect(volunteer).not.toContain(command);
    expect(volunteer).toContain('/duty');
    const member = await lines('张云');
    for (const command of ['/checkin', '/leave', '/my', '/signin']) expect(member).toContain(command);
    expect(await lines('李书记')).toContain('/checkin');
    // Still runnable, and it says why not.
    expect(await s.text('赵志愿', '/leave 2026-12-03 2026-12-04 探亲', { private: true })).toContain('你还不属于任何党小组');
  });
});
