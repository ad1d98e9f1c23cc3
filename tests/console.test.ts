import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { consoleDemo } from '../bots/console/demo/console-demo';
import { demoTexts } from '../bots/console/demo/demo.text';
import { checkins, members } from '../db/schema';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { orgTexts } from '../src/org/org.text';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import { pgliteTemplateDir } from './harness/template';

const t = demoTexts('zh');
const SECRETARY_WHOAMI = orgTexts('zh').whoami({ name: '李书记', status: '党员', station: '滁州卷烟厂', roles: '支部书记', accounts: 'console' });

/** A terminal on PassThrough streams: type a line, get back everything printed up to the next prompt. */
class Terminal {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  text = '';

  constructor() {
    this.output.on('data', (chunk: Buffer) => (this.text += chunk.toString('utf8')));
  }

  async type(line: string): Promise<string> {
    const from = this.text.length;
    this.input.write(`${line}\n`);
    const deadline = Date.now() + 10_000;
    while (!(this.text.length > from && this.text.endsWith('> '))) {
      if (Date.now() > deadline) throw new Error(`no prompt after "${line}"; got: ${this.text.slice(from)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.text.slice(from);
  }
}

forEachBackend('console adapter over a Runtime', (get) => {
  it('runs the demo: /help, /whoami, personas, chats, the virtual clock, a reply to the prompt, .quit', async () => {
    const db = get().db;
    const clock = new ControllableClock(zonedInstant('2026-12-01', '07:50', 'Asia/Shanghai'));
    await seedDemo(db, clock.now());
    const term = new Terminal();
    let runtime: Runtime | undefined;
    const adapter = consoleDemo({ db, clock, input: term.input, output: term.output, runtime: () => runtime });
    runtime = new Runtime({ db, log: silentLogger(), adapters: [adapter], clock });
    // The scheduler and the outbox run only when the console moves the clock, so the test decides when.
    await runtime.start({ scheduler: false, dispatcher: false });

    expect(term.text).toBe(`${t.banner('李书记', DEMO_GROUP_CHAT, '2026-12-01 07:50')}\n李书记@${DEMO_GROUP_CHAT}> `);

    const help = await term.type('/help');
    expect(help).toContain(`[${DEMO_GROUP_CHAT}] 叶脉: 支部书记可用的命令：`);
    expect(help).toContain('/group add 名称 — 新建党小组');
    expect(help).toContain('/settings [键 值] [group=党小组]');

    expect(await term.type('/whoami')).toBe(`[${DEMO_GROUP_CHAT}] 叶脉: ${SECRETARY_WHOAMI}\n李书记@${DEMO_GROUP_CHAT}> `);
    expect(await term.type('.as 张云')).toBe(`${t.nowAs('张云', DEMO_GROUP_CHAT)}\n张云@${DEMO_GROUP_CHAT}> `);
    expect(await term.type('.chat private')).toBe(`${t.nowAs('张云', '私聊 张云')}\n张云@私聊 张云> `);
    expect(await term.type('.who')).toContain(t.personas('李书记、王组长、张云、刘川、陈闽、赵志愿'));
    await term.type(`.chat ${DEMO_GROUP_CHAT}`);

    const set = await term.type('.clock 2026-12-01 07:59');
    expect(set).toContain(t.clock('2026-12-01 07:59'));
    expect(set).not.toContain('每日报平安');
    const advanced = await term.type('.advance 2m');
    expect(advanced).toContain(`[${DEMO_GROUP_CHAT}] 叶脉: ☀️ 2026-12-01`);
    expect(advanced).toContain('每日报平安：今天应报 4 人');
    expect(advanced).toContain(t.clock('2026-12-01 08:01'));

    expect(await term.type('.reply 云南曲靖 在岗')).toContain('✅ 已收到 张云 2026-12-01 的报告');
    const [zhang] = await db.select().from(members).where(eq(members.name, '张云'));
    const rows = await db
      .select()
      .from(checkins)
      .where(eq(checkins.memberId, zhang?.id ?? -1));
    expect(rows.map((r) => ({ date: r.localDate, place: r.place, status: r.status, late: r.late }))).toEqual([
      { date: '2026-12-01', place: '云南曲靖', status: '在岗', late: false },
    ]);

    const before = term.text.length;
    term.input.write('.quit\n');
    await adapter.finished();
    expect(term.text.slice(before)).toBe('');
    await runtime.stop();
  });
});

describe('npm start from a fresh data directory', () => {
  it('seeds the demo, answers /help and /whoami as the secretary, and exits 0 on .quit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yemai-start-'));
    cpSync(pgliteTemplateDir(), dataDir, { recursive: true });
    // Only the console: no platform, no PostgreSQL server, whatever the outer environment holds.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGRAM_|WECHATY_|DATABASE_URL$|TEST_DATABASE_URL$)/.test(k)));
    const child = spawn('npm', ['start', '--silent'], {
      cwd: resolve(import.meta.dirname, '..'),
      env: { ...env, YEMAI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', npm_config_update_notifier: 'false' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.end('/help\n/whoami\n.quit\n');
    try {
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('叶脉 控制台演示。当前身份：李书记');
      expect(stdout).toContain('支部书记可用的命令：');
      expect(stdout).toContain('/group add 名称 — 新建党小组');
      expect(stdout).toContain(SECRETARY_WHOAMI);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
