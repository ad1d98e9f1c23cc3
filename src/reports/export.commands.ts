import type { Lang } from '../i18n';
import { z } from 'zod';
import type { MemberContext, Reply } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import type { CommandDef } from '../commands/types';
import type { ExportKind, SheetDef } from '../feature/sheet';
import { EXPORT_KINDS } from '../feature/sheet';
import { recordAudit } from '../org/audit';
import { findMember } from '../org/org.service';
import { localDate, monthOf, MONTH_WORD } from '../time';
import { argProblems } from '../commands/commands.text';
import { usageError } from '../commands/usage-error';
import type { ExportOptions } from './export';
import { buildWorkbook, isExportKindAvailable, XLSX_MIME } from './export';
import { branchZone } from '../org/branch-zone';
import { PDF_MIME, recordPdf } from './export-file';
import { exportTexts } from './export.text';
import { orgTexts } from '../org/org.text';

/** Chinese words for the kinds, so /导出 考勤 works as well as /export attendance. */
const KIND_WORDS: Record<string, ExportKind> = {
  报平安: 'checkins',
  打卡: 'checkins',
  考勤: 'attendance',
  学习: 'study',
  会议: 'meetings',
  请假: 'leave',
  关爱: 'care',
  工作记录: 'record',
  全部: 'all',
};
const DETAIL_WORDS = new Set(['details', '明细']);

const kindOf = (word: string | undefined) => (word === undefined ? undefined : (KIND_WORDS[word] ?? word.toLowerCase()));

/** A sheet is titled in both languages, "成员 (members)"; a reply names it in the reader's. */
const sheetName = (lang: Lang, title: string): string => {
  const both = /^(.+?) \((.+)\)$/.exec(title);
  return both ? ((lang === 'en' ? both[2] : both[1]) ?? title) : title;
};

async function exportReplies(ctx: MemberContext, sheets: readonly SheetDef[], opts: ExportOptions) {
  const t = exportTexts(ctx.lang);
  const book = await buildWorkbook(ctx.db, sheets, opts);
  const rows = Object.entries(book.rows)
    .map(([sheet, n]) => t.rows({ sheet: sheetName(ctx.lang, sheet), n }))
    .join(ctx.lang === 'en' ? '; ' : '，');
  const replies: Reply[] = [];
  const counts = { ...book.rows };
  if (opts.kind === 'record') {
    const pdf = await recordPdf(ctx.db, opts);
    counts.pdfPages = pdf.pages;
    replies.push({
      text: t.recordPdf({ month: opts.month, members: pdf.members, pages: pdf.pages }),
      private: true,
      file: { name: pdf.filename, mime: PDF_MIME, data: pdf.buffer },
    });
  }
  replies.push({
    text: t.sent({ kind: opts.kind, month: opts.month, rows }),
    private: true,
    file: { name: book.filename, mime: XLSX_MIME, data: book.buffer },
  });
  return { replies, rows: counts };
}

const EXPORT_USAGE = {
  zh: `/export 类型 [月份，如 2026-12 或 12月] [明细] [成员]（类型：${EXPORT_KINDS.join('|')}）`,
  en: `/export KIND [YYYY-MM] [details] [MEMBER] (KIND: ${EXPORT_KINDS.join('|')})`,
};

/** `/export KIND [month] [details] [member]`: built from the features' declared sheets, sent privately as files. */
export function exportCommand(sheets: () => readonly SheetDef[]): CommandDef {
  return defineCommand({
    name: 'export',
    aliases: ['导出'],
    access: ['secretary'],
    usage: EXPORT_USAGE,
    summary: {
      zh: '导出 Excel 工作簿（工作记录另附 PDF），私信发送；默认本月',
      en: 'an .xlsx workbook (the work record also as PDF), sent privately; this month by default',
    },
    input: (a) => {
      const [kind, ...rest] = a.positional;
      return {
        kind: kindOf(kind),
        month: rest.find((w) => MONTH_WORD.test(w)),
        details: rest.some((w) => DETAIL_WORDS.has(w.toLowerCase())),
        member: rest.filter((w) => !MONTH_WORD.test(w) && !DETAIL_WORDS.has(w.toLowerCase())).join(' ') || undefined,
      };
    },
    args: z.object({
      kind: z.enum(EXPORT_KINDS, { error: 'exportKind' }),
      month: z.string().optional(),
      details: z.boolean(),
      member: z.string().optional(),
    }),
    run: async (ctx, a) => {
      const t = exportTexts(ctx.lang);
      if (!isExportKindAvailable(sheets(), a.kind)) throw new UserError(t.kindUnavailable(a.kind));
      if (a.member && !(await findMember(ctx.db, ctx.actor.branchId, a.member))) throw new UserError(orgTexts(ctx.lang).noSuchMember(a.member));
      const tz = await branchZone(ctx.db, ctx.actor.branchId);
      const today = localDate(ctx.now, tz);
      const month = a.month === undefined ? today.slice(0, 7) : monthOf(a.month, today);
      if (!month) throw usageError(ctx.lang, argProblems(ctx.lang).month(), EXPORT_USAGE);
      const opts = { branchId: ctx.actor.branchId, kind: a.kind, month, tz, now: ctx.now, details: a.details, member: a.member };
      const { replies, rows } = await exportReplies(ctx, sheets(), opts);
      // Recorded once the files are made, with what they hold.
      await recordAudit(ctx, { action: 'export', detail: { kind: a.kind, month, details: a.details, member: a.member ?? null, rows } });
      return replies;
    },
  });
}
