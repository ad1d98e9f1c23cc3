import { expect, it } from 'vitest';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import { RecordingAdapter } from './harness/recording-adapter';
import { knownWeek } from './report-week.fixture';

const TZ = 'Asia/Shanghai';
const at = (date: string, time: string) => zonedInstant(date, time, TZ);

forEachBackend('weekly digest', (get) => {
  it("Monday 08:30: the leader gets last week's group report, the secretary the branch's, each once across a restart and two instances", async () => {
    const db = get().db;
    const s = await knownWeek(db);
    s.runtime.clock.set(at('2026-12-14', '08:00'));
    await s.goTo('2026-12-14', '08:25', 5);
    expect(await s.outbox('reports.weekly')).toEqual([]);
    await s.goTo('2026-12-14', '08:40', 5);
    const rows = await s.outbox('reports.weekly');
    expect(rows.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
    const leader = rows.find((r) => r.chatExternalId === '王组长');
    expect(leader?.text).toContain('📊 原料物资科党小组 周报（2026-12-07 至 2026-12-13）');
    expect(leader?.text).toContain('报平安：应报 18 人次，已报 17（94%），其中补报 1；漏报 1；请假 1 人、共 2 天');
    expect(rows.find((r) => r.chatExternalId === '李书记')?.text).toContain('📊 第一党支部 周报（2026-12-07 至 2026-12-13）');
    expect(rows.every((r) => r.status === 'sent' && r.file?.mime === 'image/png')).toBe(true);
    const delivered = () => s.adapter.sent.filter((m) => m.file?.name === 'report-week-2026-12-07.png').length;
    expect(delivered()).toBe(2);

    // A restart at 08:50: the new process finds the slot claimed and the messages sent; nothing goes twice.
    const again = new RecordingAdapter('console');
    const restarted = new Runtime({ db, log: silentLogger(), adapters: [again], clock: new ControllableClock(at('2026-12-14', '08:50')) });
    await again.start(async () => {});
    await restarted.advance(at('2026-12-14', '08:20'), at('2026-12-14', '09:30'), 5 * 60_000);
    expect((await s.outbox('reports.weekly')).length).toBe(2);
    expect(again.sent.filter((m) => m.file)).toEqual([]);

    // The next Monday, two instances tick at the same minute: one digest per reader.
    await Promise.all([restarted.scheduler.tick(at('2026-12-21', '08:31')), s.runtime.scheduler.tick(at('2026-12-21', '08:31'))]);
    const next = (await s.outbox('reports.weekly')).filter((r) => r.text.includes('2026-12-14 至 2026-12-20'));
    expect(next.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
  }, 240_000);
});
