import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { AccessEventDto } from '../../../../contracts/access.js';
import { ROOT } from '../../../platform/paths.js';
import { REPORT_TEXTS, reportLocale, type ReportLang } from './report-texts.js';

/**
 * DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE) ships with Portico: it covers Latin and
 * Cyrillic, so reports in Russian and names like "Øyvind" or "Юлия" print as they are. Found from the
 * project root, so it works from the sources and from the npm-start bundle alike. Without the files
 * the report falls back to Helvetica with Cyrillic transliterated.
 */
const FONT_DIR = path.join(ROOT, 'server/modules/access/fonts');
const REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');
export const bundledFontAvailable = () => existsSync(REGULAR) && existsSync(BOLD);

const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
/** Helvetica (WinAnsi) cannot show Cyrillic: transliterate it, and replace anything else it lacks. */
export function toWinAnsi(s: string): string {
  return [...s]
    .map((ch) => {
      const lower = ch.toLowerCase();
      if (CYR[lower] !== undefined) {
        const t = CYR[lower]!;
        return ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
      }
      return /[\u0000-\u00ff€–—‘’“”•…›]/.test(ch) ? ch : '?';
    })
    .join('');
}

export type ReportInput = {
  lang: ReportLang;
  orgName: string;
  /** "October 2026", or a period "2026-10-01 – 2026-10-15". */
  title: string;
  from: Date;
  to: Date;
  timeZone: string;
  generatedAt: Date;
  events: AccessEventDto[];
  /** Rows listed at most (the summary counts all). */
  maxRows?: number;
};

export function reportSummary(events: readonly AccessEventDto[]) {
  return {
    visits: events.filter((e) => e.direction === 'in' && e.result === 'granted').length,
    persons: new Set(events.map((e) => e.person)).size,
    denied: events.filter((e) => e.result === 'denied').length,
    flagged: events.filter((e) => e.flag !== 'none').length,
  };
}

/** Renders "Access report — <org> — <period>" as a PDF (A4 landscape, page numbers, generated-at). */
export async function renderAccessReport(input: ReportInput): Promise<Buffer> {
  const tx = REPORT_TEXTS[input.lang];
  const embedded = bundledFontAvailable();
  const T = embedded ? (s: string) => s : toWinAnsi;
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: 40, bottom: 40, left: 40, right: 40 }, bufferPages: true, info: { Title: `${tx.title} — ${input.orgName} — ${input.title}`, Author: 'Portico' } });
  if (embedded) {
    doc.registerFont('body', REGULAR);
    doc.registerFont('bold', BOLD);
  } else {
    doc.registerFont('body', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 18;
  const fmt = new Intl.DateTimeFormat(reportLocale(input.lang), { timeZone: input.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const fmtDay = new Intl.DateTimeFormat(reportLocale(input.lang), { timeZone: input.timeZone, year: 'numeric', month: 'long', day: 'numeric' });

  // Heading
  doc.font('bold').fontSize(18).fillColor('#1a2b3c').text(T(`${tx.title} — ${input.orgName} — ${input.title}`), left, doc.y, { width });
  doc.moveDown(0.3);
  const lastDay = new Date(input.to.getTime() - 1);
  doc.font('body').fontSize(10).fillColor('#444444');
  doc.text(T(`${tx.period}: ${fmtDay.format(input.from)} – ${fmtDay.format(lastDay)} · ${tx.timeZone(input.timeZone)}`), { width });
  doc.moveDown(0.8);

  // Summary
  const s = reportSummary(input.events);
  doc.font('bold').fontSize(12).fillColor('#1a2b3c').text(T(tx.summary), left, doc.y);
  doc.moveDown(0.3);
  const boxW = width / 4;
  const boxY = doc.y;
  [
    [tx.visits, s.visits],
    [tx.persons, s.persons],
    [tx.denied, s.denied],
    [tx.flagged, s.flagged],
  ].forEach(([label, n], i) => {
    const x = left + i * boxW;
    doc.roundedRect(x + 2, boxY, boxW - 8, 46, 4).lineWidth(0.6).strokeColor('#c9d3dd').stroke();
    doc.font('bold').fontSize(16).fillColor('#1a2b3c').text(String(n), x + 12, boxY + 6, { width: boxW - 24, lineBreak: false });
    doc.font('body').fontSize(9).fillColor('#555555').text(T(String(label)), x + 12, boxY + 28, { width: boxW - 24, lineBreak: false });
  });
  doc.y = boxY + 60;
  doc.x = left;

  // Entries
  doc.font('bold').fontSize(12).fillColor('#1a2b3c').text(T(tx.entries), left, doc.y);
  doc.moveDown(0.3);
  const fixed = { time: 92, person: 114, company: 94, reader: 76, direction: 34, result: 92 };
  const cols: { key: keyof typeof tx | 'flag'; w: number }[] = [
    { key: 'time', w: fixed.time },
    { key: 'person', w: fixed.person },
    { key: 'company', w: fixed.company },
    { key: 'location', w: width - Object.values(fixed).reduce((a, b) => a + b, 0) },
    { key: 'reader', w: fixed.reader },
    { key: 'direction', w: fixed.direction },
    { key: 'result', w: fixed.result },
  ];
  const rowH = 15;
  const fit = (text: string, w: number) => {
    let t = T(text);
    if (doc.widthOfString(t) <= w) return t;
    while (t.length > 1 && doc.widthOfString(t + '…') > w) t = t.slice(0, -1);
    return t + '…';
  };
  const header = () => {
    const y = doc.y;
    doc.rect(left, y - 2, width, rowH + 2).fill('#eef2f6');
    doc.font('bold').fontSize(8.5).fillColor('#1a2b3c');
    let x = left;
    for (const c of cols) {
      doc.text(fit(String(tx[c.key as keyof typeof tx]), c.w - 6), x + 3, y + 2, { width: c.w - 6, lineBreak: false });
      x += c.w;
    }
    doc.y = y + rowH + 2;
  };
  const max = input.maxRows ?? 10_000;
  const rows = input.events.slice(0, max);
  if (!rows.length) {
    doc.font('body').fontSize(10).fillColor('#555555').text(T(tx.none), left, doc.y);
  } else {
    header();
    doc.font('body').fontSize(8.5);
    rows.forEach((e, i) => {
      if (doc.y + rowH > bottom()) {
        doc.addPage();
        header();
        doc.font('body').fontSize(8.5);
      }
      const y = doc.y;
      if (i % 2 === 1) doc.rect(left, y - 1, width, rowH).fill('#f7f9fb');
      const flagged = e.flag !== 'none';
      const result = (e.result === 'granted' ? tx.granted : tx.deniedResult) + (flagged && e.flag !== 'denied' ? ` · ${tx.flagNames[e.flag as 'no_grant' | 'unknown_badge']}` : '');
      const cells = [fmt.format(new Date(e.occurredAt)), e.person, e.company ?? '', e.location?.path ?? '', e.reader ?? '', e.direction === 'in' ? tx.in : tx.out, result];
      let x = left;
      cells.forEach((cell, ci) => {
        const c = cols[ci]!;
        doc.fillColor(ci === 6 && (e.result === 'denied' || flagged) ? '#b3261e' : '#222222').font('body').fontSize(8.5);
        doc.text(fit(cell, c.w - 6), x + 3, y + 2, { width: c.w - 6, lineBreak: false });
        x += c.w;
      });
      doc.y = y + rowH;
    });
    if (input.events.length > max) {
      doc.moveDown(0.5);
      doc.font('body').fontSize(9).fillColor('#555555').text(T(tx.truncated(max)), left, doc.y);
    }
  }

  // Footer on every page: generated-at and page numbers.
  const range = doc.bufferedPageRange();
  const generated = tx.generated(new Intl.DateTimeFormat(reportLocale(input.lang), { timeZone: input.timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(input.generatedAt));
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom - 10;
    const oldBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not open a new page
    doc.font('body').fontSize(8).fillColor('#666666');
    doc.text(T(`${input.orgName} · ${generated}`), left, y, { width: width / 2, lineBreak: false });
    doc.text(T(tx.page(i - range.start + 1, range.count)), left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = oldBottom;
  }
  doc.end();
  return done;
}
