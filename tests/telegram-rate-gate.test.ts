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

  it('counts a call until a second after its answer (its arrival may be that late): at a 150 ms round trip the next waits 1.15 s', async () => {
    const gate = new RateGate(3, () => Date.now());
    const first = [taken(gate), taken(gate), taken(gate)];
    await vi.advanceTimersByTimeAsync(0);
    expect(first.map((t) => t.ms)).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(150);
    for (const t of first) t.release?.();
    const fourth = taken(gate);
    await vi.advanceTimersByTimeAsync(990);
    expect(fourth.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(fourth.ms).toBeGreaterThanOrEqual(1150);
    expect(fourth.ms).toBeLessThanOrEqual(1152);
  });

  it('keeps counting a call still running, however long, until a second after it returns', async () => {
    const gate = new RateGate(1, () => Date.now());
    const slow = taken(gate);
    const next = taken(gate);
    await vi.advanceTimersByTimeAsync(3000);
    expect(next.ms).toBeUndefined();
    slow.release?.();
    await vi.advanceTimersByTimeAsync(990);
    expect(next.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30);
    expect(next.ms).toBeGreaterThanOrEqual(4000);
    expect(next.ms).toBeLessThanOrEqual(4020);
  });
});
