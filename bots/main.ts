import { telegramWebhookConfigured } from './telegram/from-config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { openDb } from '../db/client';
import type { ChatAdapter } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { loadConfig } from '../src/config';
import type { Config } from '../src/config';
import { createLogger, routeConsoleTo, scrubProcessOutput } from '../src/log';
import { createRegistry } from '../src/app/app';
import { answerHealth, serveHealth } from '../src/app/health';
import { Runtime } from '../src/app/runtime';
import { processLease } from '../src/lease/process-lease';
import type { ConsoleAdapter } from './console/console.adapter';
import { consoleDemo } from './console/demo/console-demo';
import { seedDemo } from './console/demo/demo-seed';
import { platformAdapters } from './platforms';
import { wechatyConfigured } from './wechaty/from-config';
import { PLATFORM as WECHATY } from './wechaty/normalise';
import { recentDeliveries } from '../src/outbox/recent';

/** Composition root: config → database → adapters → runtime; a graceful stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config: Config = loadConfig();
  // The console shares the terminal with its chat: only warnings unless LOG_LEVEL says otherwise.
  const consoleOnly = !config.TELEGRAM_BOT_TOKEN && !config.WECHATY_PUPPET_SERVICE_TOKEN && !config.WECOM_BOT_ID;
  const log = createLogger(consoleOnly && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL);
  // Libraries that print for themselves (grammY's runner, Wechaty) go through the same redaction.
  scrubProcessOutput();
  routeConsoleTo(log);
  const dataDir = config.YEMAI_DATA_DIR ?? './data';
  const handle = await openDb({ url: config.DATABASE_URL, dataDir, createApart: true });
  const clock = new ControllableClock();
  let runtime: Runtime | undefined;
  const healthRoute = (req: IncomingMessage, res: ServerResponse) => (runtime ? answerHealth(runtime.healthSource(), req, res) : false);
  const webhookMode = telegramWebhookConfigured(config);
  const platforms = await platformAdapters(config, log, {
    commands: createRegistry().all,
    lease: (name, ttlMs) => processLease(handle.db, name, ttlMs),
    // Without a port of its own the health check shares the webhook's.
    otherRoutes: config.HEALTH_PORT === undefined ? healthRoute : undefined,
    // WeChat quotes name no message: the adapter matches them against what the outbox delivered, across restarts too.
    wechatySent: wechatyConfigured(config) ? await recentDeliveries(handle.db, WECHATY, new Date()) : [],
  });
  let consoleAdapter: ConsoleAdapter | undefined;
  const adapters: ChatAdapter[] = [...platforms];
  if (platforms.length === 0) {
    if (await seedDemo(handle.db, clock.now())) log.info('seeded the demo branch 第一党支部');
    consoleAdapter = consoleDemo({
      db: handle.db,
      clock,
      input: process.stdin,
      output: process.stdout,
      runtime: () => runtime,
      filesDir: join(dataDir, 'files'),
    });
    adapters.push(consoleAdapter);
  }
  const journalPath = config.YEMAI_JOURNAL_FILE ?? join(config.YEMAI_DATA_DIR ?? './data', 'inbound-journal.ndjson');
  runtime = new Runtime({
    db: handle.db,
    log,
    adapters,
    clock,
    journal: { path: journalPath },
    auditRetentionDays: config.YEMAI_AUDIT_RETENTION_DAYS,
  });
  // GET /healthz: on HEALTH_PORT, else on PORT when no webhook listens there (the webhook serves it then).
  const healthPort = config.HEALTH_PORT ?? (webhookMode ? undefined : config.PORT);
  const health = healthPort === undefined ? undefined : await serveHealth(runtime.healthSource(), { port: healthPort, log });
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, 'stopping');
    await runtime?.stop();
    await health?.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await runtime.start();
  if (consoleAdapter) {
    await consoleAdapter.finished();
    await stop('console closed');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
