/**
 * Reports at branch scale: 100 groups × 10 members (1,000 people) with a month of check-ins (about nine in ten
 * report on each required day). (1) `yemai export` of December's check-ins and attendance table, streamed to an
 * .xlsx, beside writing the same rows as plain CSV in the same run: time and peak RSS of each. (2) The month's day
 * marks for the branch loaded one group at a time (three queries each, as before) beside all groups at once.
 * (3) `/report month` for the whole branch: time to the first byte of the chart image, and to the text. (4) The
 * work record for the whole branch, workbook and PDF as `/export record` sends them: one read of every member's
 * month shared by both, beside each reading its own (as before).
 *
 *   npx tsx bench/reports.ts        (BENCH_BACKENDS=postgres|pglite)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ALL_SHEETS } from '../src/app/features';
import type { SheetCell, SheetColumn } from '../src/feature/sheet';
import { branchGroups, branchName } from '../src/reports/branch-groups';
import { sheetQuery, sheetsFor, writeWorkbook } from '../src/reports/export';
import type { ExportOptions } from '../src/reports/export';
import { groupDayMarks, groupsDayMarks } from '../src/reports/day-marks';
import { recordPdf } from '../src/reports/export-file';
import { periodSoFar } from '../src/reports/period';
import { reportChart, reportQuery, reportText } from '../src/reports/report';
import { zonedInstant } from '../src/time';
import type { BenchDb } from './lib';
import {
  benchBackends,
  countsAsStatement,
  header,
  int,
  isMain,
  ms,
  now,
  observingDb,
  openBenchDb,
  printTable,
  rawScript,
  runMain,
  seedOrg,
} from './lib';

const GROUPS = 100;
const PER_GROUP = 10;
const NOW = zonedInstant('2026-12-31', '22:00', 'Asia/Shanghai');

/** Peak resident set size while `fn` runs, sampled every 5 ms, in MB above what the process held before. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number; baseMb: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = now();
  const value = await fn();
  const took = now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, ms: took, peakMb: (peak - base) / 2 ** 20, baseMb: base / 2 ** 20 };
}

const csvCell = (c: SheetCell) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c));

/** The baseline: the same sheets' rows (same queries), written as CSV, one file per sheet. */
async function writeCsv(db: BenchDb, opts: ExportOptions, dir: string): Promise<number> {
  const q = sheetQuery(db.db, opts);
  let rows = 0;
  for (const [i, sheet] of (sheetsFor(ALL_SHEETS, opts.kind) ?? []).entries()) {
    const out = createWriteStream(join(dir, `${i}.csv`));
    const columns: SheetColumn[] = typeof sheet.columns === 'function' ? sheet.columns(q) : sheet.columns;
    out.write(`${columns.map((c) => csvCell(c.header)).join(',')}\n`);
    for (const r of await sheet.rows(q)) {
      out.write(`${columns.map((c) => csvCell(r[c.key] ?? null)).join(',')}\n`);
      rows++;
    }
    out.end();
    await finished(out);
  }
  return rows;
}

async function seedMonth(db: BenchDb): Promise<number> {
  const org = await seedOrg(db, GROUPS, PER_GROUP, NOW);
  await rawScript(
    db,
    `insert into checkins (member_id, group_id, local_date, place, status, note, raw_text, reported_at, updated_at)
       select r.member_id, r.group_id, d::date, '云南曲靖', '在岗', '平安', '/checkin 云南曲靖 在岗 平安',
              d + interval '9 hours', d + interval '9 hours'
       from roles r, generate_series('2026-12-01'::timestamptz, '2026-12-31'::timestamptz, interval '1 day') d
       where r.role in ('member', 'leader') and extract(isodow from d) < 6 and random() < 0.9;
     update members set created_at = '2026-11-01';
     analyze;`,
  );
  return org.branchId;
}

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  const db = await openBenchDb(kind);
  const dir = mkdtempSync(join(tmpdir(), 'yemai-bench-reports-'));
  try {
    header('reports', kind, db);
    const branchId = await seedMonth(db);
    const rows: (string | number)[][] = [];
    for (const exportKind of ['checkins', 'attendance'] as const) {
      const opts: ExportOptions = { branchId, kind: exportKind, month: '2026-12', tz: 'Asia/Shanghai', now: NOW };
      const csv = await measured(() => writeCsv(db, opts, dir));
      const file = join(dir, `${exportKind}.xlsx`);
      const xlsx = await measured(async () => {
        const out = createWriteStream(file);
        const counts = await writeWorkbook(db.db, ALL_SHEETS, opts, out);
        await finished(out);
        return Object.values(counts).reduce((a, b) => a + b, 0);
      });
      rows.push([`${exportKind}: CSV (baseline)`, int(csv.value), ms(csv.ms), csv.peakMb.toFixed(0), '']);
      rows.push([
        `${exportKind}: .xlsx streamed`,
        int(xlsx.value),
        ms(xlsx.ms),
        xlsx.peakMb.toFixed(0),
        `${(statSync(file).size / 1024).toFixed(0)} KB`,
      ]);
    }
    printTable(`December export, ${int(GROUPS * PER_GROUP)} members`, ['what', 'data rows', 'ms', 'peak RSS +MB', 'file'], rows);

    const groups = await branchGroups(db.db, branchId);
    const req = {
      db: db.db,
      now: NOW,
      lang: 'zh' as const,
      branchId,
      scope: await branchName(db.db, branchId),
      groups,
      wholeBranch: true,
      period: 'month' as const,
      span: periodSoFar('month', '2026-12-31'),
    };
    const days = req.span.days;
    let statements = 0;
    const counted = await observingDb(db, (query) => {
      if (countsAsStatement(query)) statements++;
    });
    const marks: (string | number)[][] = [];
    for (const [what, load] of [
      [
        'one group at a time (before)',
        async () => {
          for (const g of groups) await groupDayMarks(counted, g, days, NOW);
        },
      ],
      [
        'all groups at once (groupsDayMarks)',
        async () => {
          await groupsDayMarks(counted, groups, days, NOW);
        },
      ],
    ] as const) {
      for (const run of [1, 2]) {
        statements = 0;
        const started = now();
        await load();
        marks.push([`${what}, run ${run}`, statements, ms(now() - started)]);
      }
    }
    printTable(`/report month's day marks, ${GROUPS} groups × ${PER_GROUP} members × ${days.length} days`, ['how', 'statements', 'ms'], marks);

    const report: (string | number)[][] = [];
    for (const run of ['first (echarts imported, font read)', 'second']) {
      const started = now();
      const q = await reportQuery(req);
      const loaded = now() - started;
      const chart = await reportChart(req, q);
      const imageAt = now() - started;
      await reportText(req, q);
      report.push([run, ms(loaded), ms(imageAt), ms(now() - started), `${(chart.png.length / 1024).toFixed(0)} KB`]);
    }
    printTable(`/report month, branch of ${GROUPS} groups`, ['run', 'day marks loaded ms', 'image ready ms', 'with text ms', 'PNG'], report);

    const record: (string | number)[][] = [];
    const recordOpts: ExportOptions = { branchId, kind: 'record', month: '2026-12', tz: 'Asia/Shanghai', now: NOW };
    for (const [what, pdfRequest] of [
      ['baseline: workbook and PDF, each reads the records', (o: ExportOptions) => ({ ...o })],
      ['workbook and PDF share one read (as /export record)', (o: ExportOptions) => o],
    ] as const) {
      // A new request each time: what one export has read is kept for that export only.
      const request = { ...recordOpts };
      statements = 0;
      const started = now();
      const out = createWriteStream(join(dir, 'record.xlsx'));
      await writeWorkbook(counted, ALL_SHEETS, request, out);
      await finished(out);
      const pdf = await recordPdf(counted, pdfRequest(request));
      record.push([what, statements, ms(now() - started), pdf.pages]);
    }
    printTable(`work record of December, ${int(GROUPS * PER_GROUP)} members`, ['how', 'statements', 'ms', 'PDF pages'], record);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.dispose();
  }
}

async function main(): Promise<void> {
  for (const kind of benchBackends()) await bench(kind);
}

if (isMain(import.meta.url)) runMain(main);
