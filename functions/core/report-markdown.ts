import type { FiledReport } from './report';
import { reportDocument, type Block } from './report-document';

/**
 * The filed report as Markdown (CommonMark), for pasting into CPOMS or reading as text. Pure.
 * Everything people typed is escaped, so a note can never become a heading, a link or HTML.
 *
 * @example
 * renderReportMarkdown(filed).startsWith('# Home visit report: Sam Pupil')
 */
export function renderReportMarkdown(report: FiledReport): string {
  const document = reportDocument(report);
  const lines: string[] = [`# ${escapeMarkdown(document.title)}`, '', `**${escapeMarkdown(document.subtitle)}**`, ''];
  for (const section of document.sections) {
    lines.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const block of section.blocks) lines.push(...renderBlock(block), '');
  }
  lines.push('---', '', `_${escapeMarkdown(document.reference)}_`, '');
  return lines.join('\n');
}

function renderBlock(block: Block): string[] {
  switch (block.kind) {
    case 'fields':
      return block.fields.map(([label, value]) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`);
    case 'list': {
      const heading = block.heading ? [`**${escapeMarkdown(block.heading)}**`, ''] : [];
      const items = block.items.length > 0 ? block.items.map((item) => `- ${escapeMarkdown(item)}`) : [`_${escapeMarkdown(block.empty)}_`];
      return [...heading, ...items];
    }
    case 'text':
      return [...(block.heading ? [`**${escapeMarkdown(block.heading)}**`, ''] : []), escapeMarkdown(block.text)];
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}

/** Backslash-escapes CommonMark's punctuation that could change structure; line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]<>~]/g, (char) => `\\${char}`)
    // At the start of a line these would begin a heading, a list or a setext underline.
    .replace(/^(\s*)(#|[-+=]|\d+[.)])/, (_, space: string, marker: string) => `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`);
}
