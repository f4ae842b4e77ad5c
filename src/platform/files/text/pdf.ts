/**
 * PDF → text with pdfjs-dist: text items are grouped into lines by baseline, lines into
 * paragraphs by vertical gaps, larger type becomes `##` headings, words hyphenated at
 * line ends are rejoined (carefully: French has real hyphenated compounds), and lines
 * repeated on most pages (running headers, page numbers) are dropped.
 */
import type { FileLimits } from '../limits';
import { refuse } from '../refusal';
import { normalizeBody } from './normalize';

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PdfLine {
  text: string;
  x: number;
  y: number;
  size: number;
}

export interface PdfText {
  /** The document's Title metadata, else its first heading or line; null for a PDF without text. */
  title: string | null;
  /** Empty (or nearly) for a scanned PDF, whose pages are images: it needs OCR first. */
  text: string;
  pages: number;
}

export async function parsePdf(bytes: Uint8Array, limits: Pick<FileLimits, 'maxPdfPages' | 'maxTextLength'>): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs transfers (detaches) the buffer it is given: hand it a copy. Since pdfjs 6 there is no
  // code path that compiles PDF content with eval (the old `isEvalSupported` switch is gone).
  const loading = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await loading.promise;
  } catch (err) {
    await loading.destroy();
    if ((err as { name?: string })?.name === 'PasswordException') throw refuse.encrypted();
    throw refuse.unreadable('PDF invalide');
  }
  try {
    if (doc.numPages > limits.maxPdfPages) throw refuse.tooManyPages(limits.maxPdfPages);
    const pages: PdfLine[][] = [];
    let title: string | null = null;
    try {
      const meta = await doc.getMetadata();
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim().length > 3) title = t.trim();
    } catch {
      // Metadata is optional.
    }
    let characters = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        // Checked page by page, so that a PDF of endless text stops at the cap, not at the end.
        characters += it.str.length;
        if (characters > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
        const [a, b, c, d, e, f] = it.transform as number[];
        const size = Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0) || it.height || 10;
        items.push({ str: it.str, x: e ?? 0, y: f ?? 0, width: it.width, size });
      }
      pages.push(groupLines(items));
      page.cleanup();
    }
    const text = normalizeBody(linesToText(pages));
    return { title: title ?? firstHeadingOrLine(text), text, pages: doc.numPages };
  } finally {
    await loading.destroy();
  }
}

function firstHeadingOrLine(body: string): string | null {
  const h = /^##? (.+)$/m.exec(body);
  const line = h?.[1] ?? body.split('\n').find((l) => l.trim());
  return line ? line.trim().slice(0, 200) : null;
}

/** Items on one baseline (in content order) make one line. */
export function groupLines(items: Item[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: { parts: Item[]; y: number; size: number } | null = null;
  const close = () => {
    if (!cur) return;
    let text = '';
    let prevEnd: number | null = null;
    for (const it of cur.parts) {
      if (prevEnd !== null && it.x - prevEnd > it.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(it.str)) text += ' ';
      text += it.str;
      if (it.str.length) prevEnd = it.x + it.width;
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (text) {
      const first = cur.parts.find((p) => p.str.trim()) ?? cur.parts[0]!;
      lines.push({ text, x: first.x, y: cur.y, size: cur.size });
    }
    cur = null;
  };
  for (const it of items) {
    if (!it.str) continue;
    if (cur && Math.abs(it.y - cur.y) <= Math.max(1, cur.size * 0.35)) {
      cur.parts.push(it);
      if (it.str.trim()) cur.size = Math.max(cur.size, it.size);
      continue;
    }
    close();
    cur = { parts: [it], y: it.y, size: it.str.trim() ? it.size : 0 };
  }
  close();
  return lines.filter((l) => l.size > 0);
}

const PAGE_NUMBER = /^(?:page\s*)?\d{1,4}(?:\s*(?:\/|sur|of)\s*\d{1,4})?$/i;
const BULLET = /^(?:[-•–▪◦●*]|\d{1,3}[.)]|[a-z][.)])\s+/;

function repeatedLines(pages: PdfLine[][]): Set<string> {
  const out = new Set<string>();
  if (pages.length < 3) return out;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    // Running headers and footers sit at the top or bottom of the page.
    for (const l of [...lines.slice(0, 3), ...lines.slice(-3)]) seen.add(shape(l.text));
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  for (const [s, n] of counts) if (n >= Math.max(3, pages.length * 0.6)) out.add(s);
  return out;
}

const shape = (t: string) => t.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');

export function linesToText(pages: PdfLine[][]): string {
  const repeated = repeatedLines(pages);
  const all = pages.flat();
  const sizes = all.map((l) => Math.round(l.size * 10) / 10).sort((a, b) => a - b);
  // The body text size: the size carrying the most characters.
  const weight = new Map<number, number>();
  for (const l of all) weight.set(Math.round(l.size * 10) / 10, (weight.get(Math.round(l.size * 10) / 10) ?? 0) + l.text.length);
  const bodySize = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? sizes[0] ?? 10;
  const words = wordSets(all.map((l) => l.text).join(' '));

  type Para = { lines: string[]; heading: boolean; bullet: boolean };
  const paras: Para[] = [];
  for (const lines of pages) {
    let prev: PdfLine | null = null;
    let para: Para | null = null;
    for (const l of lines) {
      if (PAGE_NUMBER.test(l.text) || repeated.has(shape(l.text))) continue;
      const heading = l.size >= bodySize * 1.25 && l.text.length < 160;
      const bullet = BULLET.test(l.text);
      const breakHere =
        !para ||
        !prev ||
        heading !== para.heading ||
        bullet ||
        Math.abs(l.size - prev.size) > bodySize * 0.2 ||
        // A line above the previous one starts a new column or block.
        l.y > prev.y + prev.size ||
        prev.y - l.y > Math.max(prev.size, l.size) * 1.6 ||
        (/[.!?:;]$/.test(prev.text) && Math.abs(l.x - prev.x) > bodySize * 1.5);
      if (breakHere) {
        // A sentence running over a page break continues the previous paragraph.
        const last = paras[paras.length - 1];
        if (!para && prev === null && last && !last.heading && !heading && !bullet && !/[.!?:;]$/.test(last.lines[last.lines.length - 1]!) && /^[a-zà-ÿ]/.test(l.text)) {
          para = last;
        } else {
          para = { lines: [], heading, bullet };
          paras.push(para);
        }
      }
      para!.lines.push(bullet ? l.text.replace(/^[•▪◦●*–]\s+/, '- ') : l.text);
      prev = l;
    }
  }

  let out = '';
  paras.forEach((p, i) => {
    const text = joinLines(p.lines, words);
    if (i > 0) out += p.bullet && paras[i - 1]!.bullet ? '\n' : '\n\n';
    out += p.heading ? `## ${text}` : text;
  });
  return out;
}

function wordSets(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? []);
}

/** Prefixes and suffixes that make real hyphenated French compounds, kept when split at a line end. */
const COMPOUND_FIRST = new Set(['non', 'demi', 'mi', 'semi', 'ex', 'vis', 'rez', 'après', 'avant', 'sous', 'arrière', 'peut', 'quasi', 'grand', 'grande', 'belle', 'beau', 'porte', 'garde', 'auto', 'c’est', "c'est", 'saint', 'sainte', 'est', 'ouest', 'nord', 'sud', 'haut', 'basse', 'bas']);
const COMPOUND_SECOND = new Set(['ci', 'là', 'même', 'mêmes', 't', 'il', 'ils', 'elle', 'elles', 'on', 'je', 'tu', 'nous', 'vous', 'ce', 'dessus', 'dessous', 'delà']);

/** Joins the lines of one paragraph, rejoining words hyphenated at line ends. */
export function joinLines(lines: string[], words: Set<string>): string {
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const next = lines[i]!;
    const hy = /([\p{L}'’]+)[-\u00ad]$/u.exec(out);
    const after = /^[\p{L}]+/u.exec(next)?.[0];
    if (hy && after) {
      const before = hy[1]!;
      const bl = before.toLowerCase();
      const al = after.toLowerCase();
      const keep =
        /^\p{Lu}/u.test(after) ||
        words.has(`${bl}-${al}`) ||
        (!words.has(bl + al) && (COMPOUND_FIRST.has(bl) || COMPOUND_SECOND.has(al)));
      out = keep ? out.replace(/\u00ad$/, '-') + next : out.slice(0, -1) + next;
      continue;
    }
    if (out.endsWith('\u00ad')) {
      out = out.slice(0, -1) + next;
      continue;
    }
    out += ' ' + next;
  }
  return out.replace(/\s+/g, ' ').trim();
}
