import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { processedMessages } from '../db/schema';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { Runtime } from '../src/app/runtime';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { openTestDb } from './harness/backends';
import { TcpProxy } from './harness/tcp-proxy';
import { TelegramStandin } from './harness/telegram-standin';
import { seedBranch, shown, until } from './telegram.fixture';

const OUTAGE_MS = 5000;

// PGlite runs inside the bot's process and cannot become unreachable; the outage needs a PostgreSQL server.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('inbound messages through a database outage [postgres]', () => {
  it(`with PostgreSQL refusing connections for ${OUTAGE_MS / 1000} s under traffic: nothing lost, each answered once, in order`, async () => {
    const direct = await openTestDb('postgres');
    const url = new URL(direct.url as string);
    const proxy = await TcpProxy.start({ port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    const proxied = await openDb({ url: url.toString(), migrate: false, maxConnections: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'yemai-journal-'));
    const standin = await TelegramStandin.start();
    const adapter = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log: silentLogger(), partGapMs: 0 });
    const journalPath = join(dir, 'inbound.ndjson');
    const runtime = new Runtime({
      db: proxied.db,
      log: silentLogger(),
      adapters: [adapter],
      clock: new ControllableClock(),
      journal: { path: journalPath },
      ackAfterMs: 1500,
    });
    try {
      const seeded = await seedBranch(direct.db, new Date());
      await runtime.start({ scheduler: false });
      const zhang = standin.createUser({ first_name: '张云' });
      const chat = standin.privateChat(zhang);
      standin.sendText(zhang, chat, `/join ${seeded.codes.zhang}`);
      await standin.waitFor((m) => m.chat_id === zhang.id && shown(m).includes('张云'), 10_000);

      await proxy.refuse();
      const texts = ['/whoami', '/help', '/whoami', '/my', '/whoami', '/help'];
      for (const t of texts) {
        standin.sendText(zhang, chat, t);
        await new Promise((r) => setTimeout(r, OUTAGE_MS / texts.length / 2));
      }
      await standin.waitForConfirmed(10_000);
      // Durable before Telegram was told: the journal file holds every message of the outage.
      expect(
        readFileSync(journalPath, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{"m"')).length,
      ).toBe(texts.length);
      await until(() => standin.sent.filter((m) => shown(m).includes('收到，稍后处理')).length === texts.length, 10_000, 'acknowledgements');
      const sinceOutage = standin.sent.length;
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      await proxy.accept();

      const answers = () => standin.sent.slice(sinceOutage).filter((m) => m.chat_id === zhang.id);
      await until(() => answers().length >= texts.length, 30_000, 'every message answered');
      await new Promise((r) => setTimeout(r, 1000));
      const kinds = answers().map((m) => (shown(m).includes('张云（') ? 'whoami' : /可用的命令|\/checkin/.test(shown(m)) ? 'help' : 'my'));
      expect(kinds).toEqual(['whoami', 'help', 'whoami', 'my', 'whoami', 'help']);
      const handled = await direct.db.select().from(processedMessages);
      expect(handled.length).toBe(texts.length + 1);
      expect(readFileSync(journalPath, 'utf8')).toBe('');
    } finally {
      await runtime.stop();
      await standin.stop();
      await proxied.close();
      await proxy.stop();
      await direct.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
