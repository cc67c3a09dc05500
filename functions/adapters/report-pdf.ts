import type { FiledReport } from '../core/report';
import { reportDocument, type Block, type ReportDocument } from '../core/report-document';

/**
 * The filed report as an A4 PDF, drawn with pdfkit from the same layout as the Markdown
 * (core/report-document.ts). Standard PDF fonts only (Helvetica): nothing to load from disk.
 * The document's dates are the filing time, so the same report renders to the same content.
 *
 * Limit: the standard fonts cover Latin-1 (WinAnsi); a name in another script would need an
 * embedded Unicode font.
 *
 * pdfkit (with fontkit and brotli) loads with the first PDF asked for: a cold start, and every JSON
 * or Markdown report, do not pay for it (about 250 ms of `npm start`). On AWS it is not bundled but
 * installed beside the report Lambda's bundle (REPORT_NODE_MODULES in lib/api.ts), because it finds
 * its standard fonts through its own package.json.
 */

const MARGIN = 50;
const LABEL_WIDTH = 160;
const GAP = 10;
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#b0b0b0';

export async function renderReportPdf(report: FiledReport): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const layout = reportDocument(report);
  const filedAt = new Date(report.filedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: layout.title,
      Subject: `Home visit report ${report.reportId}`,
      Author: report.body.school.name,
      Creator: 'home-visits',
      Producer: 'home-visits (pdfkit)',
      Keywords: report.categories.join(', '),
      CreationDate: filedAt,
      ModDate: filedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  draw(doc, layout);
  footers(doc, layout);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Start a new page unless `height` more points fit on this one. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function draw(doc: Doc, layout: ReportDocument): void {
  const left = doc.page.margins.left;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(layout.title, left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2).font('Helvetica').fontSize(11).fillColor(MUTED).text(layout.subtitle, { width: contentWidth(doc) });
  doc.moveDown(0.6);

  for (const section of layout.sections) {
    ensureRoom(doc, 60);
    doc.moveDown(0.4);
    const y = doc.y;
    doc.moveTo(left, y).lineTo(left + contentWidth(doc), y).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = y + 6;
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(section.title, left, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.3);
    for (const block of section.blocks) drawBlock(doc, block);
  }
}

function drawBlock(doc: Doc, block: Block): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.fontSize(10);
  switch (block.kind) {
    case 'fields':
      for (const [label, value] of block.fields) {
        doc.font('Helvetica');
        const valueWidth = width - LABEL_WIDTH - GAP;
        const height = Math.max(doc.heightOfString(value, { width: valueWidth }), doc.font('Helvetica-Bold').heightOfString(label, { width: LABEL_WIDTH }));
        ensureRoom(doc, height);
        const y = doc.y;
        doc.fillColor(MUTED).font('Helvetica-Bold').text(label, left, y, { width: LABEL_WIDTH });
        doc.fillColor(INK).font('Helvetica').text(value, left + LABEL_WIDTH + GAP, y, { width: valueWidth });
        doc.x = left;
        doc.y = y + height + 3;
      }
      return;
    case 'list':
      if (block.heading) heading(doc, block.heading);
      if (block.items.length === 0) {
        doc.fillColor(MUTED).font('Helvetica-Oblique').text(block.empty, left, doc.y, { width });
      } else {
        for (const item of block.items) {
          doc.font('Helvetica');
          ensureRoom(doc, doc.heightOfString(item, { width: width - 14 }));
          const y = doc.y;
          doc.fillColor(INK).text('•', left + 2, y, { width: 10 });
          doc.text(item, left + 14, y, { width: width - 14 });
          doc.x = left;
          doc.moveDown(0.15);
        }
      }
      doc.moveDown(0.3);
      return;
    case 'text':
      if (block.heading) heading(doc, block.heading);
      doc.fillColor(INK).font('Helvetica').text(block.text, left, doc.y, { width });
      doc.moveDown(0.3);
      return;
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}

function heading(doc: Doc, text: string): void {
  ensureRoom(doc, 40);
  doc.moveDown(0.2).fillColor(INK).font('Helvetica-Bold').fontSize(10).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.15);
}

/** "Page n of m" and the report's reference on every page, drawn once all pages exist. */
function footers(doc: Doc, layout: ReportDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    const savedBottom = margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    margins.bottom = 0;
    const y = doc.page.height - savedBottom + 25;
    doc.fontSize(8).font('Helvetica').fillColor(MUTED);
    doc.text(layout.reference, margins.left, y, { width: contentWidth(doc) - 70, lineBreak: false });
    doc.text(`Page ${index - start + 1} of ${count}`, doc.page.width - margins.right - 70, y, { width: 70, align: 'right', lineBreak: false });
    margins.bottom = savedBottom;
  }
}
