import type { Db } from '../../db/client';

/**
 * Several jobs' `due` read the same rows at the same tick (the eve-of-deadline reminder and the overdue chase
 * both want items with deadlines; meeting reminders and reports both want meetings near now). The scheduler
 * hands every job of one tick the same `now` object, so one read per database and tick serves them all.
 */
export function perTick<T>(load: (db: Db, now: Date) => Promise<T>): (db: Db, now: Date) => Promise<T> {
  const cache = new WeakMap<Db, WeakMap<Date, Promise<T>>>();
  return (db, now) => {
    const byNow = cache.get(db) ?? new WeakMap<Date, Promise<T>>();
    cache.set(db, byNow);
    const hit = byNow.get(now);
    if (hit) return hit;
    const loaded = load(db, now);
    byNow.set(now, loaded);
    return loaded;
  };
}
