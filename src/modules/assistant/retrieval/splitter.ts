/**
 * Splits a document body (Markdown or plain text) into passages along headings
 * and paragraphs. Invariant: for every passage p, body.slice(p.start, p.end) === p.text.
 */
import { splitSentences } from './sentences.js';

export interface Passage {
  /** Heading path of the nearest headings, e.g. "Inscriptions > Pièces à fournir", or null. */
  heading: string | null;
  text: string;
  /** Offsets into the body: body.slice(start, end) === text. */
  start: number;
  end: number;
}

export interface SplitOptions {
  /** Maximum passage length in characters (default 1200); longer paragraphs split at sentence boundaries. */
  maxChars?: number;
  /** Paragraphs shorter than this are merged with their neighbours in the same section (default 250). */
  minChars?: number;
}

interface Block {
  start: number;
  end: number;
  heading: string | null;
  isList: boolean;
  endsWithColon: boolean;
}

const HEADING_RE = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const LIST_RE = /^\s*(?:[-*+•–]|\d{1,3}[.)])\s+/;
/** A table row: Markdown (`| a | b |`) or the ` | `-joined cells of an HTML table. */
const TABLE_ROW_RE = /^\s*\|.*\||\S \| \S/;

interface Line {
  start: number;
  end: number; // excludes \r\n
  text: string;
}

function lines(body: string): Line[] {
  const out: Line[] = [];
  let s = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === '\n') {
      let e = i;
      if (e > s && body[e - 1] === '\r') e--;
      out.push({ start: s, end: e, text: body.slice(s, e) });
      s = i + 1;
    }
  }
  return out;
}

function trimSpan(body: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(body[start] as string)) start++;
  while (end > start && /\s/.test(body[end - 1] as string)) end--;
  return [start, end];
}

export function splitIntoPassages(body: string, opts: SplitOptions = {}): Passage[] {
  const maxChars = opts.maxChars ?? 1200;
  const minChars = Math.min(opts.minChars ?? 250, maxChars);

  // 1. Blocks: runs of non-blank, non-heading lines, tagged with the heading path.
  const stack: { level: number; title: string }[] = [];
  const headingPath = (): string | null => (stack.length ? stack.map((h) => h.title).join(' > ') : null);
  const blocks: Block[] = [];
  let cur: { start: number; end: number; firstLine: string; lastLine: string } | null = null;
  const ls = lines(body);
  const flush = (): void => {
    if (!cur) return;
    const [s, e] = trimSpan(body, cur.start, cur.end);
    if (e > s) {
      blocks.push({
        start: s,
        end: e,
        heading: headingPath(),
        isList: LIST_RE.test(cur.firstLine),
        endsWithColon: /:\s*$/.test(cur.lastLine),
      });
    }
    cur = null;
  };
  for (let li = 0; li < ls.length; li++) {
    const line = ls[li] as Line;
    const h = HEADING_RE.exec(line.text);
    const next = ls[li + 1];
    const setext = !h && cur === null && line.text.trim() !== '' && next !== undefined && /^ {0,3}(=+|-{2,})\s*$/.test(next.text);
    if (h || setext) {
      flush();
      const level = h ? (h[1] as string).length : /=/.test((next as Line).text) ? 1 : 2;
      const title = (h ? (h[2] as string) : line.text).trim();
      while (stack.length && (stack[stack.length - 1] as { level: number }).level >= level) stack.pop();
      if (title) stack.push({ level, title });
      if (setext) li++;
      continue;
    }
    if (line.text.trim() === '') {
      flush();
      continue;
    }
    if (cur) {
      cur.end = line.end;
      cur.lastLine = line.text;
    } else cur = { start: line.start, end: line.end, firstLine: line.text, lastLine: line.text };
  }
  flush();

  // 2. Keep lists with their intro line, and merge consecutive list blocks.
  const merged: Block[] = [];
  for (const b of blocks) {
    const prev = merged[merged.length - 1];
    if (prev && prev.heading === b.heading && b.isList && (prev.endsWithColon || prev.isList) && b.end - prev.start <= maxChars) {
      prev.end = b.end;
      prev.endsWithColon = b.endsWithColon;
      prev.isList = true;
      continue;
    }
    merged.push({ ...b });
  }

  // 3. Split long blocks at sentence boundaries; merge small ones in the same section.
  const pieces: Block[] = [];
  for (const b of merged) {
    if (b.end - b.start <= maxChars) {
      pieces.push(b);
      continue;
    }
    const local = body.slice(b.start, b.end);
    let pieceStart = -1;
    let pieceEnd = -1;
    const emit = (): void => {
      if (pieceStart >= 0) pieces.push({ ...b, start: b.start + pieceStart, end: b.start + pieceEnd });
      pieceStart = -1;
    };
    // A long list or table is cut between its items or rows, never inside one.
    const lineSpans = lines(local).filter((l) => l.text.trim() !== '');
    const structured = lineSpans.length > 1 && lineSpans.every((l) => l.end - l.start <= maxChars) && (b.isList || lineSpans.filter((l) => TABLE_ROW_RE.test(l.text)).length >= lineSpans.length - 1);
    const units = structured ? lineSpans.map((l) => ({ start: l.start, end: l.end })) : splitSentences(local);
    for (const sent of units) {
      // hard-split sentences that alone exceed maxChars, at whitespace
      const subs: { start: number; end: number }[] = [];
      let s = sent.start;
      while (sent.end - s > maxChars) {
        let cut = s + maxChars;
        const ws = local.lastIndexOf(' ', cut);
        if (ws > s + maxChars / 2) cut = ws;
        const [a, z] = trimSpan(local, s, cut);
        if (z > a) subs.push({ start: a, end: z });
        s = cut;
      }
      const [a, z] = trimSpan(local, s, sent.end);
      if (z > a) subs.push({ start: a, end: z });
      for (const sub of subs) {
        if (pieceStart >= 0 && sub.end - pieceStart > maxChars) emit();
        if (pieceStart < 0) pieceStart = sub.start;
        pieceEnd = sub.end;
      }
    }
    emit();
  }

  const out: Block[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (prev && prev.heading === p.heading && p.end - prev.start <= maxChars && (prev.end - prev.start < minChars || p.end - p.start < minChars)) {
      prev.end = p.end;
      continue;
    }
    out.push({ ...p });
  }
  return out.map((p) => ({ heading: p.heading, text: body.slice(p.start, p.end), start: p.start, end: p.end }));
}
