/**
 * A small Markdown reader that keeps every character's offset in the body, so that a citation's
 * `[start, end)` span can be highlighted exactly where it is, across headings, lists and tables
 * (the assistant's source viewer), and staff-written texts render without any HTML (a
 * consultation's description). It knows what the commune's documents use (headings, paragraphs,
 * lists, tables, bold, links) and shows anything else as text. `MarkdownBlocks` renders it.
 */

export interface Range {
  from: number;
  to: number;
}

export type Block =
  | { kind: 'heading'; level: number; range: Range }
  | { kind: 'paragraph'; lines: Range[] }
  | { kind: 'list'; ordered: boolean; items: Range[] }
  | { kind: 'table'; header: Range[]; rows: Range[][] };

export interface Segment {
  text: string;
  /** Offset of the segment's first character in the body. */
  from: number;
  strong: boolean;
  marked: boolean;
  href?: string;
}

interface Line {
  text: string;
  from: number;
}

function linesOf(body: string): Line[] {
  const lines: Line[] = [];
  let from = 0;
  for (const text of body.split('\n')) {
    lines.push({ text, from });
    from += text.length + 1;
  }
  return lines;
}

/** The range of `line` after dropping `prefix` characters and trailing spaces or a carriage return. */
function contentRange(line: Line, prefix: number): Range {
  let to = line.from + line.text.length;
  while (to > line.from + prefix && /[\s\r]/.test(line.text[to - line.from - 1]!)) to--;
  return { from: line.from + prefix, to };
}

const HEADING = /^(#{1,6})\s+/;
const BULLET = /^\s*[-*+]\s+/;
const ORDERED = /^\s*\d+[.)]\s+/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cellsOf(line: Line): Range[] {
  const cells: Range[] = [];
  const text = line.text;
  let i = text.indexOf('|');
  if (i < 0) return [contentRange(line, 0)];
  while (i < text.length) {
    const next = text.indexOf('|', i + 1);
    if (next < 0) break;
    let from = i + 1;
    let to = next;
    while (from < to && text[from] === ' ') from++;
    while (to > from && text[to - 1] === ' ') to--;
    cells.push({ from: line.from + from, to: line.from + to });
    i = next;
  }
  return cells;
}

export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  const lines = linesOf(body);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const text = line.text;
    if (!text.trim()) {
      i++;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, range: contentRange(line, heading[0].length) });
      i++;
      continue;
    }
    if (text.trimStart().startsWith('|')) {
      const rows: Range[][] = [];
      while (i < lines.length && lines[i]!.text.trimStart().startsWith('|')) {
        if (!TABLE_SEPARATOR.test(lines[i]!.text)) rows.push(cellsOf(lines[i]!));
        i++;
      }
      blocks.push({ kind: 'table', header: rows[0] ?? [], rows: rows.slice(1) });
      continue;
    }
    const bullet = BULLET.exec(text) ?? ORDERED.exec(text);
    if (bullet) {
      const ordered = ORDERED.test(text);
      const items: Range[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const marker = (ordered ? ORDERED : BULLET).exec(l.text);
        if (marker) {
          items.push(contentRange(l, marker[0].length));
        } else if (l.text.trim() && /^\s{2,}/.test(l.text) && items.length) {
          // A continuation line of the previous item.
          items[items.length - 1] = { from: items[items.length - 1]!.from, to: contentRange(l, 0).to };
        } else {
          break;
        }
        i++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const paragraph: Range[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (!l.text.trim() || HEADING.test(l.text) || BULLET.test(l.text) || ORDERED.test(l.text) || l.text.trimStart().startsWith('|')) break;
      const lead = l.text.length - l.text.trimStart().length;
      paragraph.push(contentRange(l, lead));
      i++;
    }
    blocks.push({ kind: 'paragraph', lines: paragraph });
  }
  return blocks;
}

const LINK = /^\[([^\]\n]+)\]\(([^)\s]+)\)/;

/**
 * Splits a range of the body into runs of text with the same formatting; `**` markers and link
 * syntax are dropped, and characters inside `[highlight.start, highlight.end)` are marked.
 */
export function segmentsOf(body: string, range: Range, highlight?: { start: number; end: number } | null): Segment[] {
  const segments: Segment[] = [];
  let strong = false;
  let current: Segment | null = null;
  const push = (ch: string, at: number, href?: string) => {
    const marked = Boolean(highlight && at >= highlight.start && at < highlight.end);
    if (current && current.strong === strong && current.marked === marked && current.href === href) {
      current.text += ch;
      return;
    }
    current = { text: ch, from: at, strong, marked, ...(href ? { href } : {}) };
    segments.push(current);
  };
  let i = range.from;
  while (i < range.to) {
    if (body.startsWith('**', i)) {
      strong = !strong;
      i += 2;
      continue;
    }
    if (body[i] === '[') {
      const link = LINK.exec(body.slice(i, range.to));
      if (link && /^(https?:|mailto:|tel:|\/)/.test(link[2]!)) {
        const label = link[1]!;
        for (let k = 0; k < label.length; k++) push(label[k]!, i + 1 + k, link[2]);
        i += link[0].length;
        continue;
      }
    }
    push(body[i]!, i);
    i++;
  }
  return segments;
}

/** Whether a block contains part of the highlighted span. */
export function blockRanges(block: Block): Range[] {
  switch (block.kind) {
    case 'heading':
      return [block.range];
    case 'paragraph':
      return block.lines;
    case 'list':
      return block.items;
    case 'table':
      return [...block.header, ...block.rows.flat()];
  }
}
