import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF written by pdfkit with its standard fonts: every content stream inflated,
 * every TJ array's hex strings decoded (WinAnsi ≈ Latin-1), one string per text operation. Enough
 * to find words in our own reports; not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string[] {
  const texts: string[] = [];
  const source = pdf.toString('latin1');
  const streams = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streams.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a Flate stream (fonts, images): no text of ours
    }
    for (const operation of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
      const hex = [...operation[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]!).join('');
      texts.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return texts;
}

/** The number of pages, from the page tree's /Count. */
export function pdfPageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
}
