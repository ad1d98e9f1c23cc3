import { Api } from 'grammy';
import pino from 'pino';
import { expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { ControllableClock } from '../src/clock';
import { enqueue } from '../src/outbox/enqueue';
import { Runtime } from '../src/app/runtime';
import { forEachBackend } from './harness/backends';
import { RecordingAdapter } from './harness/recording-adapter';
import { TcpProxy } from './harness/tcp-proxy';
import { TelegramStandin } from './harness/telegram-standin';
import { until } from './telegram.fixture';

/** A logger whose JSON lines the test reads. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info', base: undefined }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines, said: (msg: string) => lines.filter((l) => String(l.msg).includes(msg)) };
}

forEachBackend('adapters that fail alone', (get) => {
  it('Telegram unreachable at start: the runtime starts, other platforms deliver, Telegram is retried with logged back-off and comes up', async () => {
    const standin = await TelegramStandin.start();
    const proxy = await TcpProxy.start({ port: Number(new URL(standin.apiRoot).port) });
    await proxy.refuse();
    const { log, said } = capturedLog();
    const telegram = new TelegramAdapter({ token: standin.token, apiRoot: `http://127.0.0.1:${proxy.port}`, log, partGapMs: 0 });
    const other = new RecordingAdapter('console');
    const runtime = new Runtime({ db: get().db, log, adapters: [telegram, other], clock: new ControllableClock() });
    try {
      const began = Date.now();
      await runtime.start({ scheduler: false, adapterWaitMs: 500 });
      expect(Date.now() - began).toBeLessThan(5000);
      await enqueue(get().db, new Date(), { dedupKey: 'other-1', platform: 'console', chatId: 'room', text: 'still delivered' });
      // Generous: with the whole suite running on two cores a dispatcher pass can take seconds.
      await until(() => other.sent.length === 1, 20_000, 'the console message');
      const health = () => runtime.supervisors.find((s) => s.adapter === telegram)?.health();
      expect(health()?.connected).toBe(false);
      await until(() => said('adapter failed to start; retrying').length >= 2, 8000, 'two logged retries');
      expect(said('adapter failed to start; retrying')[0]).toMatchObject({ platform: 'telegram', level: 50 });

      await proxy.accept();
      await until(() => health()?.connected === true, 15_000, 'telegram up');
      expect(said('adapter started after retrying')).toHaveLength(1);
      const user = standin.createUser({ first_name: 'Ann' });
      standin.sendText(user, standin.privateChat(user), '/help');
      await standin.waitFor((m) => m.chat_id === user.id, 10_000);
    } finally {
      await runtime.stop();
      await proxy.stop();
      await standin.stop();
    }
  }, 120_000);

  it('a polling conflict (another instance set a webhook) is logged, shows in health, and polling resumes once it is gone', async () => {
    const standin = await TelegramStandin.start();
    const { log, said } = capturedLog();
    const telegram = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, partGapMs: 0 });
    const runtime = new Runtime({ db: get().db, log, adapters: [telegram], clock: new ControllableClock() });
    try {
      await runtime.start({ scheduler: false });
      const other = new Api(standin.token, { apiRoot: standin.apiRoot });
      await other.setWebhook('https://other.example/hook');
      await until(() => said('polling conflict (409)').length > 0, 10_000, 'the conflict logged');
      expect(telegram.health()).toMatchObject({ connected: false, state: 'conflict' });
      await other.deleteWebhook();
      await until(() => telegram.health().connected, 15_000, 'polling again');
      const user = standin.createUser({ first_name: 'Ben' });
      standin.sendText(user, standin.privateChat(user), '/help');
      await standin.waitFor((m) => m.chat_id === user.id, 10_000);
    } finally {
      await runtime.stop();
      await standin.stop();
    }
  }, 60_000);
});
