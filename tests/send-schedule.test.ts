import { expect, it } from 'vitest';
import { SendSchedule } from '../src/outbox/send-schedule';
import { forEachBackend } from './harness/backends';

forEachBackend('send schedule', (get) => {
  it('hands out slots when every reservation comes back later than the spacing (it used to reserve forever)', async () => {
    // 1,000/s is a 1 ms spacing; the clock moves 5 ms at every reading, as if each statement took that long.
    let t = Date.parse('2026-12-01T00:00:00Z');
    const clock = () => {
      t += 5;
      return new Date(t);
    };
    const schedule = new SendSchedule(get().db, 'fast', 1000, clock);
    const slots: number[] = [];
    for (let i = 0; i < 20; i++) slots.push(await schedule.take(1));
    expect(slots).toHaveLength(20);
    for (let i = 1; i < slots.length; i++) expect(slots[i]).toBeGreaterThanOrEqual((slots[i - 1] as number) + 1);
  }, 30_000);

  it('two schedules on one database never hand out the same send time', async () => {
    const clock = () => new Date(Date.parse('2026-12-01T00:00:00Z'));
    const a = new SendSchedule(get().db, 'shared', 28, clock);
    const b = new SendSchedule(get().db, 'shared', 28, clock);
    const got = [...(await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take(5))))].sort((x, y) => x - y);
    for (let i = 1; i < got.length; i++) expect((got[i] as number) - (got[i - 1] as number)).toBeGreaterThanOrEqual(1000 / 28 - 0.001);
  }, 30_000);
});
