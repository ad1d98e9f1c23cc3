/** The Telegram adapter's hard per-process ceiling: what counts against it and for how long. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateGate } from '../bots/telegram/rate-gate';

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);

/** Starts `take()` and records the fake clock's time when it is granted. */
function taken(gate: RateGate) {
  const at: { ms?: number; release?: () => void } = {};
  void gate.take().then((release) => {
    at.ms = Date.now() - T0;
    at.release = release;
  });
  return at;
}

describe('RateGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('at a steady 150 ms round trip, a call counts for a second from its start (plus 10 ms of slack): the round trip costs no rate', async () => {
    const gate = new RateGate(3, () => Date.now());
    const first = [taken(gate), taken(gate), taken(gate)];
    await vi.advanceTimersByTimeAsync(0);
    expect(first.map((t) => t.ms)).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(150);
    for (const t of first) t.release?.();
    const fourth = taken(gate);
    await vi.advanceTimersByTimeAsync(850);
    expect(fourth.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(fourth.ms).toBeGreaterThanOrEqual(1010);
    expect(fourth.ms).toBeLessThanOrEqual(1012);
  });

  it('after a quick answer, a call counts for a full second after its answer (it may have arrived just then)', async () => {
    const gate = new RateGate(2, () => Date.now());
    const [a, b] = [taken(gate), taken(gate)];
    await vi.advanceTimersByTimeAsync(1);
    a.release?.();
    await vi.advanceTimersByTimeAsync(299);
    b.release?.();
    const third = taken(gate);
    await vi.advanceTimersByTimeAsync(690);
    expect(third.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(12);
    expect(third.ms).toBeGreaterThanOrEqual(1000);
    expect(third.ms).toBeLessThanOrEqual(1002);
    const fourth = taken(gate);
    await vi.advanceTimersByTimeAsync(280);
    expect(fourth.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(fourth.ms).toBeGreaterThanOrEqual(1299);
  });

  it('keeps counting a call still running, however long, and waives at most a quarter second after a slow answer', async () => {
    const gate = new RateGate(1, () => Date.now());
    const slow = taken(gate);
    const next = taken(gate);
    await vi.advanceTimersByTimeAsync(3000);
    expect(next.ms).toBeUndefined();
    slow.release?.();
    await vi.advanceTimersByTimeAsync(750);
    expect(next.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(next.ms).toBeGreaterThanOrEqual(3760);
    expect(next.ms).toBeLessThanOrEqual(3770);
  });
});
