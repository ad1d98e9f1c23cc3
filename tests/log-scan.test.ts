/**
 * The real entry point (`tsx bots/main.ts`) run through faults at LOG_LEVEL=debug, with every byte of its stdout and
 * stderr kept: no token, database password, webhook secret or member's words may appear in it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from './harness/backends';
import type { TestDb } from './harness/backends';
import { runMain } from './harness/run-main';
import { wechatyStandinForSuite } from './harness/wechaty-suite';
import { WecomStandin } from './harness/wecom-standin';
import { newStandin, seedBranch, shown, until } from './telegram.fixture';

/** What the member writes: a place and health words that must stay out of the log. */
const PERSONAL = ['云南曲靖麒麟区', '发烧三十九度', '被狗咬伤', '昆明延安医院', '住院观察'];

/** The entry point at LOG_LEVEL=debug, so every line a library could print is in the output. */
const runDebug = (env: Record<string, string>) => runMain({ LOG_LEVEL: 'debug', ...env });

function expectClean(output: string, secrets: string[]) {
  for (const s of secrets) expect(output.includes(s), `the log holds "${s}"`).toBe(false);
  for (const p of PERSONAL) expect(output.includes(p), `the log holds the member's words "${p}"`).toBe(false);
}

// The database password needs a PostgreSQL URL (CI sets TEST_DATABASE_URL); PGlite has no password to leak.
describe('log scan: a wrong Wechaty token', () => {
  const standin = wechatyStandinForSuite();

  it("with Wechaty's own log at its most verbose, the token appears nowhere", async () => {
    const token = `insecure_logscan-${Date.now()}-wrongtoken`;
    const run = runDebug({
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: standin().endpoint,
      WECHATY_PUPPET_SERVICE_TLS_CA_CERT: standin().clientTls.caCert,
      WECHATY_LOGIN_TIMEOUT_SECONDS: '20',
      WECHATY_LOG: 'silly',
    });
    try {
      await run.exitWithin(60_000);
    } finally {
      await run.stop();
    }
    const output = run.output();
    expect(output).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
    expectClean(output, [token, token.replace(/^insecure_/, '')]);
  }, 90_000);
});

// Only PostgreSQL has a password to leak: this scenario runs where TEST_DATABASE_URL is set (CI sets it).
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('log scan: Telegram outage and a failing query with personal text [postgres only]', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('postgres');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('logs the outage and the failed query without the token, the password, the webhook secret or personal text', async () => {
    const standin = await newStandin({ token: '7731234567:AAF-logScanTokenSecretPart_9xQ' });
    const { codes } = await seedBranch(db.db, new Date());
    // Every check-in insert fails, as a broken constraint would: the failing query carries the member's words.
    await db.db.execute(
      sql.raw(`create function refuse_checkin() returns trigger language plpgsql as $$ begin raise exception 'check-ins are refused'; end $$;
        create trigger refuse_checkin before insert on checkins for each row execute function refuse_checkin();`),
    );
    const password = 'LogScanDbPassw0rd';
    const url = new URL(db.url as string);
    url.password = password;
    const webhookSecret = 'logscan-webhook-secret-77';
    const run = runDebug({
      DATABASE_URL: url.toString(),
      TELEGRAM_BOT_TOKEN: standin.token,
      TELEGRAM_API_ROOT: standin.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    });
    try {
      const zhang = standin.createUser({ first_name: '张云' });
      standin.privateChat(zhang);
      await until(() => standin.calls.some((c) => c.method === 'getUpdates'), 30_000, 'the bot to poll');
      standin.sendText(zhang, zhang.id, `/start ${codes.zhang}`);
      await standin.waitFor((m) => shown(m).includes('绑定成功：张云'), 20_000);
      standin.sendText(zhang, zhang.id, `/checkin ${PERSONAL[0]} ${PERSONAL[1]} ${PERSONAL[2]}`);
      await until(() => run.output().includes('inbound message failed'), 20_000, 'the failed check-in to be logged');
      standin.sendText(zhang, zhang.id, `${PERSONAL[3]} ${PERSONAL[4]}`);

      // The Bot API goes away mid-run; the supervised polling loop reports it once, then recovers.
      const polls = standin.calls.filter((c) => c.method === 'getUpdates').length;
      standin.failNext('getUpdates', { kind: 'reset' }, { count: 3 });
      await until(() => run.output().includes('telegram: cannot reach the Bot API'), 30_000, 'the outage to be logged');
      await until(() => standin.calls.filter((c) => c.method === 'getUpdates').length >= polls + 4, 30_000, 'polling to recover');
    } finally {
      await run.stop();
      await standin.stop();
    }
    const output = run.output();
    // The scenario happened and was logged, through the redacting logger (message text only as length and hash).
    expect(output).toContain('inbound message failed');
    expect(output).toContain('check-ins are refused');
    expect(output).toContain('telegram: cannot reach the Bot API');
    expect(output).toMatch(/"text":\{"length":\d+,"sha256":"[0-9a-f]{12}"\}/);
    expectClean(output, [standin.token, standin.token.split(':')[1] as string, password, webhookSecret]);
  }, 120_000);
});

describe('log scan: a rejected WeCom secret', () => {
  it("with the WeCom SDK's messages routed at debug, the secret appears nowhere", async () => {
    const standin = await WecomStandin.start();
    const secret = `logscan-wecom-secret-${Date.now()}`;
    const run = runDebug({ WECOM_BOT_ID: standin.botId, WECOM_BOT_SECRET: secret, WECOM_WS_URL: standin.url });
    try {
      await run.exitWithin(60_000);
    } finally {
      await run.stop();
      await standin.stop();
    }
    const output = run.output();
    // The refusal was reported, with the SDK's own debug lines around it, and the secret blanked everywhere.
    expect(output).toContain('WECOM_BOT_SECRET');
    expect(output).toContain('"level":20');
    expectClean(output, [secret]);
  }, 90_000);
});
