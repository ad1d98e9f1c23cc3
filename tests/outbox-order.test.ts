import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox } from '../db/schema';
import { claimDue } from '../src/outbox/claim';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';

forEachBackend('outbox: a chat stays in order', (get) => {
  const now = new Date('2026-12-01T13:00:00Z');
  const put = (key: string) => enqueue(get().db, now, { dedupKey: key, platform: 'p', chatId: 'leader', text: key });
  const putBack = (key: string, ms: number) =>
    get()
      .db.update(outbox)
      .set({ availableAt: new Date(now.getTime() + ms) })
      .where(eq(outbox.dedupKey, key));
  const claim = async () => (await claimDue(get().db, ['p'], now, 60_000, 10)).map((r) => r.dedupKey);

  it("a row put back for the chat's pacing holds back the rows queued after it (another dispatcher would send them first)", async () => {
    await put('details');
    await put('alert');
    await putBack('details', 40_000);
    expect(await claim()).toEqual([]);
  });

  it('a row backed off for long after failures no longer holds back the rows after it', async () => {
    await put('failing');
    await put('next');
    await putBack('failing', 10 * 60_000);
    expect(await claim()).toEqual(['next']);
  });
});
