/** Shared set-up for the Telegram end-to-end tests: a seeded branch, the stand-in, the adapter and a Runtime. */
import type { Logger } from 'pino';
import { afterEach } from 'vitest';
import type { Db } from '../db/client';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import type { TelegramOptions } from '../bots/telegram/telegram.adapter';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { createRegistry } from '../src/app/app';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import type { SentRecord, StandinOptions } from './harness/telegram-standin';
import { TelegramStandin } from './harness/telegram-standin';

export const DAY = '2026-12-01'; // a Tuesday, a statutory workday
export const GROUP = '原料物资科党小组';
export const at = (hhmm: string, date = DAY): Date => zonedInstant(date, hhmm, 'Asia/Shanghai');

export type Seeded = { groupId: number; codes: { li: string; wang: string; zhang: string; liu: string } };

/** A branch with a secretary outside the group and three people who report: the leader and two members. */
export async function seedBranch(db: Db, now: Date): Promise<Seeded> {
  return db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const group = await createGroup(tx, branch.id, GROUP);
    const add = async (name: string, role: 'secretary' | 'leader' | 'member', groupId: number | null) =>
      (await createMember(tx, { branchId: branch.id, name, role, groupId }, now)).inviteCode;
    return {
      groupId: group.id,
      codes: {
        li: await add('李书记', 'secretary', null),
        wang: await add('王组长', 'leader', group.id),
        zhang: await add('张云', 'member', group.id),
        liu: await add('刘川', 'member', group.id),
      },
    };
  });
}

/** One bot process: the adapter on the stand-in and a Runtime on the test database, driven by a frozen clock. */
export class BotProcess {
  readonly adapter: TelegramAdapter;
  readonly runtime: Runtime;

  constructor(standin: TelegramStandin, db: Db, clock: ControllableClock, opts: Partial<TelegramOptions> = {}, log: Logger = silentLogger()) {
    this.adapter = new TelegramAdapter({
      token: standin.token,
      apiRoot: standin.apiRoot,
      log,
      partGapMs: 0,
      commands: createRegistry().all,
      ...opts,
    });
    // The dispatcher paces by the adapter's limits in real time; sleeping is skipped so a simulated day runs fast.
    this.runtime = new Runtime({ db, log, adapters: [this.adapter], clock, dispatcher: { sleep: async () => {} } });
  }

  async start(): Promise<this> {
    await this.runtime.start({ scheduler: false, dispatcher: false });
    return this;
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }
}

export const newClock = (start: Date) => new ControllableClock(start);

export async function newStandin(opts: StandinOptions = {}): Promise<TelegramStandin> {
  return TelegramStandin.start({ webhookRetryMs: 20, ...opts });
}

/**
 * Stand-ins and bot processes a test starts through this, stopped after it even when an assertion fails, so no
 * poller, webhook port or timer leaks into the next test.
 */
export function stoppedAfterEach() {
  let standin: TelegramStandin | undefined;
  const bots: BotProcess[] = [];
  afterEach(async () => {
    for (const b of bots.splice(0)) await b.stop();
    await standin?.stop();
    standin = undefined;
  });
  return {
    async standin(opts: StandinOptions = {}): Promise<TelegramStandin> {
      standin = await newStandin(opts);
      return standin;
    },
    async bot(...args: ConstructorParameters<typeof BotProcess>): Promise<BotProcess> {
      const bot = await new BotProcess(...args).start();
      bots.push(bot);
      return bot;
    },
    /** A stop in the middle of a test (a restart): the process is not stopped a second time afterwards. */
    async stop(bot: BotProcess): Promise<void> {
      bots.splice(bots.indexOf(bot), 1);
      await bot.stop();
    },
  };
}

/** The text a member sees (mentions included). */
export const shown = (m: SentRecord): string => m.renderedText ?? m.text ?? m.caption ?? '';

export function startParam(link: string): string {
  const m = /^https:\/\/t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)$/.exec(link);
  if (!m?.[2]) throw new Error(`not a deep link: ${link}`);
  return m[2];
}

export { until } from './harness/until';
