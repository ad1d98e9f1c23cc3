import { chartFontFiles } from './chart-font';
import { markCell, weekdayZh } from './marks';
import {
  attendanceWord,
  DAY_COLUMNS,
  LEAVE_COLUMNS,
  MEETING_COLUMNS,
  makeupWord,
  NONE,
  RECORD_SECTIONS,
  RECORD_TITLE,
  recordHeading,
  recordPerson,
  recordTotals,
  STUDY_COLUMNS,
  signatureLine,
  studyKind,
} from './record.text';
import type { RecordDay, WorkRecord } from './work-record';

type Doc = PDFKit.PDFDocument;
const MARGIN = 36;
const BODY = 8;
const PAD = 1.2;

/** A cell's text; null leaves the cell out (the gap between the two halves of the day table). */
type Cell = string | null;

/** A table row: each cell wraps inside its width; the row is as tall as its tallest cell; a full page breaks. */
function row(doc: Doc, cells: Cell[], widths: number[], opts: { bold?: boolean; shade?: boolean } = {}): void {
  doc.font(opts.bold ? 'cjk-bold' : 'cjk').fontSize(BODY);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] ?? 40) - 2 * PAD }))) + 2 * PAD;
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y;
  let x = MARGIN;
  for (const [i, cell] of cells.entries()) {
    const w = widths[i] ?? 40;
    if (cell === null) {
      x += w;
      continue;
    }
    if (opts.shade) doc.rect(x, top, w, height).fillAndStroke('#eeeeee', '#999999').fillColor('#000000');
    else doc.rect(x, top, w, height).strokeColor('#999999').stroke();
    doc.text(cell, x + PAD, top + PAD, { width: w - 2 * PAD, lineBreak: true });
    x += w;
  }
  doc.x = MARGIN;
  doc.y = top + height;
}

function table(doc: Doc, title: string, header: readonly Cell[], widths: number[], rows: Cell[][]): void {
  doc.moveDown(0.4).font('cjk-bold').fontSize(11).text(title, MARGIN);
  doc.moveDown(0.2);
  row(doc, [...header], widths, { bold: true, shade: true });
  if (rows.length === 0) row(doc, [NONE, ...header.slice(1).map((h) => (h === null ? null : ''))], widths);
  for (const r of rows) row(doc, r, widths);
}

/** Scales column weights to the printable width. */
const cols = (doc: Doc, weights: number[]) => {
  const total = weights.reduce((a, b) => a + b, 0);
  const width = doc.page.width - 2 * MARGIN;
  return weights.map((w) => (w / total) * width);
};

const DAY_WEIGHTS = [5.5, 4, 9, 5, 15];
const GAP_WEIGHT = 1;

/**
 * The month's days in two halves side by side (1–16 | 17–31), so a full month, its study, meetings, leave and care
 * fit one A4 page.
 */
function dayTable(doc: Doc, r: WorkRecord): void {
  const cells = (d: RecordDay | undefined): string[] =>
    d ? [`${d.date.slice(5)} ${weekdayZh(d.date)}`, markCell('zh', d.mark), d.place ?? '', d.status ?? '', d.note ?? ''] : DAY_COLUMNS.map(() => '');
  const half = Math.ceil(r.days.length / 2);
  const rows = r.days.slice(0, half).map((d, i) => [...cells(d), null, ...cells(r.days[half + i])]);
  const widths = cols(doc, [...DAY_WEIGHTS, GAP_WEIGHT, ...DAY_WEIGHTS]);
  table(doc, RECORD_SECTIONS.days, [...DAY_COLUMNS, null, ...DAY_COLUMNS], widths, rows);
}

function page(doc: Doc, r: WorkRecord, branch: string): void {
  doc
    .font('cjk-bold')
    .fontSize(16)
    .text(RECORD_TITLE, MARGIN, MARGIN, { align: 'center', width: doc.page.width - 2 * MARGIN });
  doc
    .font('cjk')
    .fontSize(10)
    .text(recordHeading({ branch, group: r.group, month: r.month }), { align: 'center' });
  doc.moveDown(0.5).fontSize(10).text(recordPerson(r), MARGIN);
  const leaveDays = r.days.filter((d) => d.mark === 'leave').length;
  doc.text(recordTotals(r.totals, leaveDays));
  dayTable(doc, r);
  const study = r.study.map((s) => [s.title, studyKind(s.kind), s.notedAt ?? '未学', s.note ?? '']);
  table(doc, RECORD_SECTIONS.study, STUDY_COLUMNS, cols(doc, [14, 5, 11, 37]), study);
  const meetings = r.meetings.map((m) => [m.when, m.type, m.topic, attendanceWord[m.attendance], makeupWord(m.makeup)]);
  table(doc, RECORD_SECTIONS.meetings, MEETING_COLUMNS, cols(doc, [16, 9, 28, 6, 8]), meetings);
  table(
    doc,
    RECORD_SECTIONS.leave,
    LEAVE_COLUMNS,
    cols(doc, [10, 10, 35, 10]),
    r.leave.map((l) => [l.from, l.to, l.reason, l.status]),
  );
  doc.moveDown(0.4).font('cjk-bold').fontSize(11).text(RECORD_SECTIONS.care, MARGIN);
  doc
    .font('cjk')
    .fontSize(BODY)
    .text(r.care.length ? r.care.join('\n') : NONE);
  doc.moveDown(0.8).fontSize(10).text(signatureLine, MARGIN);
}

/** One printable page (two if the month is full) per member, with the CJK font embedded as a subset. */
export async function workRecordPdf(records: WorkRecord[], branch: string): Promise<{ buffer: Buffer; pages: number }> {
  // Imported when a record is asked for: pdfkit costs about a second at start-up otherwise.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, autoFirstPage: false, info: { Title: RECORD_TITLE, Creator: 'Yemai 叶脉' } });
  const font = chartFontFiles();
  doc.registerFont('cjk', font.regular);
  doc.registerFont('cjk-bold', font.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  const done = new Promise<{ buffer: Buffer; pages: number }>((resolve, reject) => {
    doc.on('end', () => resolve({ buffer: Buffer.concat(chunks), pages }));
    doc.on('error', reject);
  });
  for (const r of records) {
    doc.addPage();
    page(doc, r, branch);
  }
  if (records.length === 0) doc.addPage().font('cjk').text(NONE);
  doc.end();
  return done;
}
