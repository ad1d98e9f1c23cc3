import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { NewContact } from '../../src/care/family.service';
import { familyColumns, familyContact } from './family-columns';
import { blankToUndefined, memberRole, nameField, partyStatus, station } from './fields';
import { CliFailure } from './types';

export type CsvMember = {
  line: number;
  name: string;
  group?: string;
  role: 'member' | 'leader' | 'volunteer';
  station?: string;
  partyStatus: '党员' | '预备党员' | '群众';
  family?: NewContact;
};
export type RowProblem = { line: number; message: string };
/** What the database checks need, taken from every row, valid or not, so one pass reports everything. */
export type RowKey = { line: number; name: string; group: string; volunteer: boolean };

type Field = 'name' | 'group' | 'role' | 'station' | 'partyStatus' | FamilyField;
type FamilyField = 'familyName' | 'familyRelation' | 'familyDistrict' | 'familyPhone' | 'familyNotes';
/** English and Chinese headers both work: the roster usually starts life in a Chinese spreadsheet. */
const HEADERS: Record<string, Field> = {
  name: 'name',
  姓名: 'name',
  group: 'group',
  党小组: 'group',
  role: 'role',
  角色: 'role',
  station: 'station',
  驻地: 'station',
  party_status: 'partyStatus',
  政治面貌: 'partyStatus',
  family_name: 'familyName',
  家属姓名: 'familyName',
  family_relation: 'familyRelation',
  家属关系: 'familyRelation',
  family_district: 'familyDistrict',
  家属区县: 'familyDistrict',
  family_phone: 'familyPhone',
  家属电话: 'familyPhone',
  family_notes: 'familyNotes',
  家属备注: 'familyNotes',
};
export const HEADER_HINT =
  '表头 / header: name,group,role,station,party_status（或 / or 姓名,党小组,角色,驻地,政治面貌）' +
  '；可选家属列 / optional family columns: family_name,family_relation,family_district,family_phone,family_notes（家属姓名,家属关系,家属区县,家属电话,家属备注）';

const Row = z
  .object({
    name: nameField('姓名', 'name'),
    group: z.preprocess(blankToUndefined, nameField('党小组', 'group').optional()),
    role: z.preprocess(blankToUndefined, memberRole.optional()).transform((r) => r ?? 'member'),
    station: z.preprocess(blankToUndefined, station.optional()),
    partyStatus: z.preprocess(blankToUndefined, partyStatus.optional()).transform((s) => s ?? '党员'),
  })
  .extend(familyColumns.shape)
  .transform(({ familyName, familyRelation, familyDistrict, familyPhone, familyNotes, ...member }, ctx) => ({
    ...member,
    family: familyContact({ familyName, familyRelation, familyDistrict, familyPhone, familyNotes }, ctx),
  }));

/** Reads and checks the file's shape row by row; every bad row is collected, none stops the rest. */
export function readMemberCsv(path: string): { rows: CsvMember[]; keys: RowKey[]; problems: RowProblem[] } {
  const records = parseRecords(decodeUtf8(path));
  const [header, ...body] = records;
  if (!header || body.length === 0) throw new CliFailure(`CSV 中没有成员行 / the CSV has no member rows\n${HEADER_HINT}`);
  const fields = header.cells.map((h) => HEADERS[h.toLowerCase()]);
  const unknown = header.cells.filter((_, i) => !fields[i]);
  if (unknown.length > 0 || !fields.includes('name') || !fields.includes('group')) {
    throw new CliFailure(`第 1 行表头有误：${unknown.join(',') || '缺少 name 或 group'} / line 1: bad header\n${HEADER_HINT}`);
  }
  const rows: CsvMember[] = [];
  const keys: RowKey[] = [];
  const problems: RowProblem[] = [];
  for (const { line, cells } of body) {
    // Short rows are common in hand-typed files (no trailing commas): missing cells count as blank.
    if (cells.length > fields.length) {
      problems.push({
        line,
        message: `应有 ${fields.length} 列，实有 ${cells.length} 列 / expected ${fields.length} columns, found ${cells.length}`,
      });
      continue;
    }
    const cell = (f: Field) => cells[fields.indexOf(f)]?.trim() ?? '';
    keys.push({ line, name: cell('name'), group: cell('group'), volunteer: memberRole.safeParse(cell('role')).data === 'volunteer' });
    const parsed = Row.safeParse(Object.fromEntries(fields.map((f, i) => [f, cells[i] ?? ''])));
    if (parsed.success) rows.push({ line, ...parsed.data });
    else for (const issue of parsed.error.issues) problems.push({ line, message: issue.message });
  }
  return { rows, keys, problems };
}

function decodeUtf8(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new CliFailure(`无法读取文件 ${path} / cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    // Excel's plain "CSV" is GBK on Chinese Windows; refuse it rather than import mojibake.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliFailure('文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8” / the file is not UTF-8; in Excel use Save As "CSV UTF-8"');
  }
}

type CsvRecord = { line: number; cells: string[] };

function parseRecords(text: string): CsvRecord[] {
  try {
    const out = parse(text, { info: true, raw: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
      raw: string;
    }[];
    return out.map((r) => ({ line: startLine(r.info.lines, r.raw), cells: r.record }));
  } catch (err) {
    if (err instanceof CsvError) throw new CliFailure(`CSV 格式有误 / malformed CSV: ${err.message}`);
    throw err;
  }
}

/** csv-parse reports the line a record ends on; a quoted cell may span lines, so count back to where it starts. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}
