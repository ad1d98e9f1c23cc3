import fc from 'fast-check';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { latestRun, nextRun, parseCron } from '../src/study/cron-times';

const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const HOUR = 3_600_000;

describe('cron times for relay schedules', () => {
  it('reads 5-field expressions, names and 6-field ones with second 0; refuses the rest', () => {
    expect(parseCron('0 20 * * 2')?.weekdays).toEqual([2]);
    expect(parseCron('0 20 * * TUE,thu')?.weekdays).toEqual([2, 4]);
    expect(parseCron('0 0 20 * * 7')?.weekdays).toEqual([0]);
    for (const bad of ['', 'every tuesday', '0 25 * * *', '30 0 20 * * 2', '0 20 L * *', '0 20 * * 1#2', '* * * *'])
      expect(parseCron(bad)).toBeNull();
  });

  it('finds the latest firing within the window, in the given zone', () => {
    const tue = parseCron('0 20 * * 2');
    if (!tue) throw new Error('parse failed');
    expect(latestRun(tue, 'Asia/Shanghai', sh('2026-12-01 20:00'), 2 * HOUR)).toEqual(sh('2026-12-01 20:00'));
    expect(latestRun(tue, 'Asia/Shanghai', sh('2026-12-01 21:59'), 2 * HOUR)).toEqual(sh('2026-12-01 20:00'));
    expect(latestRun(tue, 'Asia/Shanghai', sh('2026-12-01 22:01'), 2 * HOUR)).toBeNull();
    expect(latestRun(tue, 'Asia/Shanghai', sh('2026-12-01 19:59'), 2 * HOUR)).toBeNull();
    // 20:00 in Urumqi is 22:00 in Shanghai.
    expect(latestRun(tue, 'Asia/Urumqi', sh('2026-12-01 22:30'), 2 * HOUR)).toEqual(sh('2026-12-01 22:00'));
    expect(nextRun(tue, 'Asia/Shanghai', sh('2026-12-01 20:00'))).toEqual(sh('2026-12-08 20:00'));
    expect(nextRun(tue, 'Asia/Urumqi', sh('2026-12-01 22:00'))).toEqual(sh('2026-12-08 22:00'));
    // node-cron itself refuses a day that never comes.
    expect(parseCron('0 20 31 2 *')).toBeNull();
  });

  it('agrees with node-cron: the found time matches, and nothing later before now does', () => {
    const minutes = fc.constantFrom('0', '30', '*/15', '5,45');
    const hours = fc.constantFrom('20', '8-10', '*', '*/6');
    const weekdays = fc.constantFrom('*', '2', '1-5', '0,6');
    const days = fc.constantFrom('*', '1', '1-15');
    const zones = fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'Europe/Berlin', 'America/New_York');
    const instants = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
    fc.assert(
      fc.property(minutes, hours, days, weekdays, zones, instants, (mi, ho, da, wd, tz, now) => {
        const expr = `${mi} ${ho} ${da} * ${wd}`;
        const plan = parseCron(expr);
        if (!plan) return false;
        const task = cron.createTask(expr, () => {}, { timezone: tz });
        try {
          const window = 30 * HOUR;
          const found = latestRun(plan, tz, now, window);
          const from = found ? found.getTime() + 60_000 : now.getTime() - window;
          for (let t = from; t <= now.getTime(); t += 60_000) if (task.match(new Date(t))) return false;
          return found === null || (task.match(found) && found <= now);
        } finally {
          task.destroy();
        }
      }),
      { numRuns: 60 },
    );
  });
});
