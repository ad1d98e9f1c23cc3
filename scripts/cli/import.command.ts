import { basename, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { groups, members } from '../../db/schema';
import { addMember } from './add-member';
import { requireBranch, withDb } from './database';
import { HEADER_HINT, readMemberCsv } from './import-csv';
import type { RowKey, RowProblem } from './import-csv';
import { CliFailure, defineCliCommand } from './types';

export const importCommand = defineCliCommand({
  words: ['import'],
  positionals: ['file'],
  usage: `yemai import 成员.csv   (yemai import members.csv)\n   ${HEADER_HINT}`,
  summary:
    '从 CSV 批量导入成员：先检查全部行，有错则一行不写 / import members from a CSV: every row is checked first, nothing is written if any is wrong',
  options: {},
  args: z.object({ file: z.string({ error: '缺少 CSV 文件路径 / the CSV file path is missing' }).min(1) }),
  run: async (ctx, a) => {
    const path = resolve(ctx.cwd, a.file);
    const { rows, keys, problems } = readMemberCsv(path);
    return withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      const groupIds = await checkAgainstDatabase(db, branch.id, keys, problems);
      if (problems.length > 0) throw rowsFailure(basename(path), problems);
      const imported = await db.transaction(async (tx) => {
        const out: { name: string; inviteCode: string }[] = [];
        for (const r of rows) {
          const groupId = r.group ? (groupIds.get(r.group) ?? null) : null;
          out.push(await addMember(tx, branch.id, { ...r, groupId }, ctx.now));
        }
        return out;
      });
      const list = imported.map((m) => `  ${m.name}  ${m.inviteCode}`).join('\n');
      return {
        json: { imported: imported.length, members: imported },
        text: `已导入 ${imported.length} 名成员（姓名 邀请码） / Imported ${imported.length === 1 ? '1 member' : `${imported.length} members`} (name, invite code):\n${list}`,
      };
    });
  },
});

/** Groups must exist; names must be new, both within the file and in the branch. Adds to `problems`. */
async function checkAgainstDatabase(db: Db, branchId: number, rows: RowKey[], problems: RowProblem[]) {
  const groupIds = new Map((await db.select().from(groups).where(eq(groups.branchId, branchId))).map((g) => [g.name, g.id]));
  const taken = new Set((await db.select({ name: members.name }).from(members).where(eq(members.branchId, branchId))).map((m) => m.name));
  const firstLine = new Map<string, number>();
  for (const r of rows) {
    if (!r.name) continue; // already reported as a missing name
    const seen = firstLine.get(r.name);
    if (seen !== undefined) problems.push({ line: r.line, message: `姓名“${r.name}”与第 ${seen} 行重复 / name "${r.name}" repeats line ${seen}` });
    else firstLine.set(r.name, r.line);
    if (taken.has(r.name)) problems.push({ line: r.line, message: `成员“${r.name}”已存在 / member "${r.name}" already exists` });
    if (!r.group && !r.volunteer) problems.push({ line: r.line, message: '缺少党小组 / group is missing' });
    if (r.group && !groupIds.has(r.group)) {
      problems.push({
        line: r.line,
        message: `党小组“${r.group}”不存在（先运行 yemai group add） / group "${r.group}" does not exist (yemai group add first)`,
      });
    }
  }
  return groupIds;
}

function rowsFailure(file: string, problems: RowProblem[]): CliFailure {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lineCount = new Set(sorted.map((p) => p.line)).size;
  const lines = sorted.map((p) => `  第 ${p.line} 行 / line ${p.line}: ${p.message}`).join('\n');
  return new CliFailure(
    `${file} 有 ${lineCount} 行有误，未导入任何成员 / ${lineCount === 1 ? '1 row' : `${lineCount} rows`} of ${file} ${lineCount === 1 ? 'is' : 'are'} wrong; nothing was imported:\n${lines}\n${HEADER_HINT}`,
  );
}
