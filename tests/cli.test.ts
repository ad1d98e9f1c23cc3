import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDb } from '../db/client';
import type { Db } from '../db/client';
import { auditLog, checkins, groups, invites, leaveRequests, members, roles } from '../db/schema';
import { runCli } from '../scripts/cli/run';
import { forEachBackend } from './harness/backends';
import { pgliteTemplateDir } from './harness/template';

const ROOT = resolve(import.meta.dirname, '..');
const NOW = new Date('2026-03-15T04:00:00Z'); // 12:00 in Asia/Shanghai
const CODE = /^[A-Z2-9]{10}$/;
const GROUP = '原料物资科党小组';

type Run = { code: number; stdout: string; stderr: string };

forEachBackend('yemai CLI', (get, kind) => {
  // Each test gets a working dir; on PGlite it also holds a private copy of the migrated template
  // (copying is ~0.3 s, a fresh PGlite ~5 s). PostgreSQL uses the harness database, emptied per test.
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yemai-cli-'));
    if (kind === 'pglite') cpSync(pgliteTemplateDir(), join(dir, 'data'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = () => (kind === 'postgres' ? { DATABASE_URL: get().url } : { YEMAI_DATA_DIR: join(dir, 'data') });

  async function cli(...argv: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
    const code = await runCli(argv, { ...io, env: env(), now: () => NOW, cwd: dir });
    return { code, stdout, stderr };
  }

  /** Reads the database behind the CLI's back (PGlite: only while the CLI has it closed). */
  async function inDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (kind === 'postgres') return fn(get().db);
    const handle = await openDb({ dataDir: join(dir, 'data'), migrate: false });
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  }
  const counts = () =>
    inDb(async (db) => ({
      members: (await db.select({ n: count() }).from(members))[0]?.n,
      invites: (await db.select({ n: count() }).from(invites))[0]?.n,
      audit: (await db.select({ n: count() }).from(auditLog))[0]?.n,
    }));
  const json = (r: Run) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const setUp = async () => {
    json(await cli('--json', 'init', '--branch', '第一党支部', '--secretary', '李书记'));
    json(await cli('--json', 'group', 'add', GROUP, '--leader', '王组长'));
  };

  it('init, group add and member add print the documented JSON and write the roles', async () => {
    const init = json(await cli('--json', 'init', '--branch', '第一党支部', '--secretary', '李书记'));
    expect(Object.keys(init)).toEqual(['branch', 'secretary']);
    expect(init.branch).toEqual({ name: '第一党支部' });
    expect(Object.keys(init.secretary)).toEqual(['name', 'inviteCode']);
    expect(init.secretary.inviteCode).toMatch(CODE);

    const group = json(await cli('--json', 'group', 'add', GROUP, '--leader', '王组长'));
    expect(Object.keys(group.group)).toEqual(['name', 'leader', 'leaderInviteCode']);
    expect(group.group).toMatchObject({ name: GROUP, leader: '王组长' });
    expect(group.group.leaderInviteCode).toMatch(CODE);
    // An existing person as leader gets no new code; no leader at all is null.
    expect(json(await cli('group', 'add', '机关党小组', '--leader', '李书记', '--json'))).toEqual({
      group: { name: '机关党小组', leader: '李书记' },
    });
    expect(json(await cli('--json', 'group', 'add', '后勤党小组'))).toEqual({ group: { name: '后勤党小组', leader: null } });

    const member = json(await cli('--json', 'member', 'add', '张三', '--group', GROUP, '--station', '云南 曲靖', '--status', '预备党员'));
    expect(Object.keys(member)).toEqual(['member']);
    expect(Object.keys(member.member)).toEqual(['name', 'inviteCode']);
    expect(member.member.name).toBe('张三');
    expect(member.member.inviteCode).toMatch(CODE);

    const text = await cli('member', 'add', '赵志愿', '--role', '志愿者');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^已添加成员 赵志愿，邀请码：[A-Z2-9]{10}[^\n]*\nAdded 赵志愿/);

    const rows = await inDb((db) =>
      db
        .select({ name: members.name, role: roles.role, group: groups.name, station: members.station, status: members.partyStatus })
        .from(roles)
        .innerJoin(members, eq(members.id, roles.memberId))
        .leftJoin(groups, eq(groups.id, roles.groupId)),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: '李书记', role: 'secretary', group: null, station: null, status: '党员' },
        { name: '李书记', role: 'leader', group: '机关党小组', station: null, status: '党员' },
        { name: '王组长', role: 'leader', group: GROUP, station: null, status: '党员' },
        { name: '张三', role: 'member', group: GROUP, station: '云南 曲靖', status: '预备党员' },
        { name: '赵志愿', role: 'volunteer', group: null, station: null, status: '党员' },
      ]),
    );
    expect(json(await cli('migrate', '--json'))).toEqual({ migrated: true, backend: kind });
  });

  it('usage errors exit 2 with what was wrong and the usage line, and print nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['init', '--branch', '第一党支部'], /缺少 --secretary 书记姓名 \/ --secretary NAME is missing/],
      [['member', 'add', '张三'], /缺少 --group/],
      [['member', 'add', '张三', '--group'], /选项 --group 缺少取值 \/ option --group needs a value/],
      [['member', 'add', '张三', '--group', GROUP, '--grup', 'x'], /不认识的选项 --grup \/ unknown option --grup/],
      [['member', 'add', '张', '三', '--group', GROUP], /多余的参数：三/],
      [['member', 'add', '张三', '--group', GROUP, '--role', 'boss'], /角色“boss”无效/],
      [['frobnicate'], /不认识的命令“frobnicate”/],
      [['group'], /yemai group add/],
      [['export', 'everything'], /导出类型“everything”无效/],
      [['export', 'checkins', '--month', '2026-3'], /YYYY-MM/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli('--json', ...argv);
      expect({ argv, code: r.code, stdout: r.stdout }).toEqual({ argv, code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/用法 \/ usage:\n {2}yemai /);
    }
    expect(await counts()).toEqual({ members: 0, invites: 0, audit: 0 });
  });

  it('help lists every command', async () => {
    const r = await cli('help');
    expect(r.code).toBe(0);
    for (const word of ['init', 'group add', 'member add', 'import', 'export', 'migrate']) expect(r.stdout).toContain(`yemai ${word}`);
    expect((await cli()).stdout).toBe(r.stdout);
  });

  it('a duplicate member or a missing group exits 1 and writes nothing', async () => {
    await setUp();
    json(await cli('--json', 'member', 'add', '张三', '--group', GROUP));
    const before = await counts();
    const dup = await cli('--json', 'member', 'add', '张三', '--group', GROUP);
    expect({ code: dup.code, stdout: dup.stdout }).toEqual({ code: 1, stdout: '' });
    expect(dup.stderr).toMatch(/成员“张三”已存在.*member "张三" already exists/);
    const noGroup = await cli('member', 'add', '李四', '--group', '不存在');
    expect({ code: noGroup.code, stdout: noGroup.stdout }).toEqual({ code: 1, stdout: '' });
    expect(noGroup.stderr).toMatch(/党小组“不存在”不存在.*yemai group add 不存在/);
    const again = await cli('group', 'add', GROUP, '--leader', '新组长');
    expect(again.code).toBe(1);
    expect(await counts()).toEqual(before);
  });

  it('imports a good CSV (Chinese headers and roles) in one go', async () => {
    await setUp();
    writeFileSync(
      join(dir, 'members.csv'),
      '\uFEFF姓名,党小组,角色,驻地,政治面貌\n张云,原料物资科党小组,组员,云南 曲靖,党员\n陈闽,原料物资科党小组,,福建 三明,预备党员\n赵志愿,,志愿者,滁州,群众\n',
    );
    const out = json(await cli('--json', 'import', 'members.csv'));
    expect(out.imported).toBe(3);
    expect(out.members.map((m: { name: string }) => m.name)).toEqual(['张云', '陈闽', '赵志愿']);
    for (const m of out.members) expect(Object.keys(m)).toEqual(['name', 'inviteCode']);
    const names = await inDb((db) => db.select({ name: members.name, status: members.partyStatus }).from(members));
    expect(names).toHaveLength(5);
    expect(names).toContainEqual({ name: '陈闽', status: '预备党员' });
  });

  it('a CSV with two bad rows reports both line numbers and imports nobody', async () => {
    await setUp();
    const csv =
      'name,group,role,station,party_status\n张云,原料物资科党小组,member,云南,党员\n陈闽,没有这个组,member,福建,党员\n刘川,原料物资科党小组,member,四川,党员\n王组长,原料物资科党小组,boss,,\n';
    writeFileSync(join(dir, 'bad.csv'), csv);
    const before = await counts();
    const r = await cli('--json', 'import', 'bad.csv');
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/bad\.csv 有 2 行有误，未导入任何成员/);
    expect(r.stderr).toMatch(/第 3 行 \/ line 3: 党小组“没有这个组”不存在/);
    expect(r.stderr).toMatch(/第 5 行 \/ line 5: 成员“王组长”已存在/);
    expect(r.stderr).toMatch(/第 5 行 \/ line 5: 角色“boss”无效/);
    expect(r.stderr).not.toMatch(/line [24]:/);
    expect(await counts()).toEqual(before);
  });

  it('exports an xlsx with the roster, check-ins and leave of the month', async () => {
    await setUp();
    json(await cli('--json', 'member', 'add', '张三', '--group', GROUP));
    await inDb(async (db) => {
      const ids = new Map((await db.select().from(members)).map((m) => [m.name, m.id]));
      const [group] = await db.select().from(groups);
      const base = { groupId: group?.id as number, rawText: '/checkin', reportedAt: NOW, updatedAt: NOW };
      await db.insert(checkins).values([
        { ...base, memberId: ids.get('张三') as number, localDate: '2026-03-02', place: '云南', status: '平安', note: '收购' },
        {
          ...base,
          memberId: ids.get('王组长') as number,
          localDate: '2026-03-03',
          unsafe: true,
          safetyLevel: 'urgent',
          peakLevel: 'urgent',
          proxyBy: ids.get('李书记'),
        },
        { ...base, memberId: ids.get('张三') as number, localDate: '2026-02-27', status: '平安' },
      ]);
      await db.insert(leaveRequests).values({
        memberId: ids.get('张三') as number,
        groupId: group?.id as number,
        fromDate: '2026-02-25',
        toDate: '2026-03-02',
        reason: '探亲',
        status: 'approved',
        approverId: ids.get('王组长'),
        decidedAt: NOW,
        createdAt: NOW,
      });
    });
    const out = json(await cli('--json', 'export', 'all', '--month', '2026-03', '--out', 'march.xlsx'));
    const rows = {
      '成员 (members)': 3,
      '报平安 (check-ins)': 2,
      '请假 (leave)': 1,
      '学习 (study)': 0,
      '会议 (meetings)': 0,
      '关爱 (care)': 6,
      '考勤 (attendance)': 2,
    };
    expect(out).toEqual({ export: { kind: 'all', month: '2026-03', file: join(dir, 'march.xlsx'), rows } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'march.xlsx'));
    expect(wb.worksheets.map((ws) => [ws.name, ws.rowCount - 1])).toEqual(Object.entries(rows));
    const sheet = wb.getWorksheet('报平安 (check-ins)');
    expect(sheet?.getRow(1).getCell(1).value).toBe('日期 (date)');
    expect(sheet?.getRow(3).values).toEqual([
      undefined,
      '2026-03-03',
      '王组长',
      GROUP,
      undefined,
      undefined,
      '紧急 (urgent)',
      undefined,
      undefined,
      undefined,
      '李书记',
      '2026-03-15 12:00',
    ]);
    expect(wb.getWorksheet('请假 (leave)')?.getRow(2).getCell('F').value).toBe('已批准');

    // Default month (NOW's, in Asia/Shanghai) and default file name in the working directory.
    expect(json(await cli('--json', 'export', 'leave')).export.rows).toEqual({ '成员 (members)': 3, '请假 (leave)': 1 });
    expect(existsSync(join(dir, 'yemai-leave-2026-03.xlsx'))).toBe(true);
    const care = await cli('--json', 'export', 'care');
    expect(care.code).toBe(0);
    expect(json(care).export.rows).toEqual({ '成员 (members)': 3, '关爱 (care)': 6 });
  });

  // The lock is PGlite's; PostgreSQL serves many clients.
  if (kind === 'pglite')
    it('refuses a PGlite directory another process holds, with the lock message', async () => {
      const holder = await holdLock(join(dir, 'data'));
      try {
        const r = await cli('--json', 'init', '--branch', '第一党支部', '--secretary', '李书记');
        expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
        expect(r.stderr).toContain(`正被进程 ${holder.pid} 使用`);
        expect(r.stderr).toContain(`is in use by process ${holder.pid}`);
      } finally {
        holder.kill();
      }
    });

  // Once is enough to prove the launcher.
  if (kind === 'pglite')
    it('the real bin runs as a subprocess, prints one JSON object and passes on the exit status', async () => {
      const bin = (...argv: string[]) =>
        spawnSync(process.execPath, [join(ROOT, 'scripts/yemai.mjs'), ...argv], {
          cwd: dir,
          env: { ...process.env, DATABASE_URL: '', YEMAI_DATA_DIR: join(dir, 'data') },
          encoding: 'utf8',
        });
      const first = bin('--json', 'init', '--branch', '第一党支部', '--secretary', '李书记');
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(first.stdout).secretary.inviteCode).toMatch(CODE);
      const again = bin('init', '--branch', 'x', '--secretary', 'y');
      expect({ status: again.status, stdout: again.stdout }).toEqual({ status: 1, stdout: '' });
      expect(again.stderr).toMatch(/已经建立了党支部“第一党支部”/);
    });
});

/** A second process that takes the data-dir lock the way a running bot does, and keeps it. */
async function holdLock(dataDir: string): Promise<ChildProcess> {
  const code = `import { takeDataDirLock } from ${JSON.stringify(join(ROOT, 'db/client.ts'))};
takeDataDirLock(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
    child.on('exit', (c) => fail(new Error(`lock holder exited ${c}`)));
  });
  return child;
}
