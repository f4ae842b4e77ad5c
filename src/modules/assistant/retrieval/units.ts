/**
 * The units an answer is made of, inside one passage: prose sentences, list items (with the line
 * that introduces their list), numbered steps, and table rows (with their table's column
 * headers). Parsers store every source format as Markdown-like text (HTML, DOCX and PDF lists
 * become `- ` or `1. ` lines, HTML table rows ` | `-joined lines), so one reading serves all.
 * Offsets are local to the passage text: text.slice(unit.start, unit.end) is the unit's quote.
 */
import { splitSentences } from './sentences.js';

export type UnitKind = 'sentence' | 'item' | 'step' | 'row';

export interface AnswerUnit {
  kind: UnitKind;
  /** Offsets in the passage text; for an item, its content after the list marker. */
  start: number;
  end: number;
  /** Readable form: no list marker, no table pipes (a row reads "Header : cell ; …"). */
  display: string;
  /** Index of the list or table the unit belongs to within the passage; null for prose. */
  group: number | null;
  /** The line introducing the unit's list or table ("Pièces à fournir :"), without its colon; null when none. */
  label: string | null;
  /** Position in its list or table, from 1. */
  ordinal: number;
  /** Table rows: the column headers (empty when the table has none) and the row's cells. */
  header?: string[];
  cells?: string[];
}

const LIST_ITEM = /^([ \t]*)([-*+•–]|\d{1,3}[.)])[ \t]+/;
const NUMBERED = /^[ \t]*\d{1,3}[.)][ \t]+/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** A label introduces what follows: a short line ending with a colon. */
const LABEL_MAX_CHARS = 120;
/** A label this short is read with the heading above it. */
const SHORT_LABEL_CHARS = 40;

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let e = i;
      if (e > s && text[e - 1] === '\r') e--;
      out.push({ start: s, end: e, text: text.slice(s, e) });
      s = i + 1;
    }
  }
  return out;
}

function isTableLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('|') && t.length > 1) return true;
  return / \| /.test(t);
}

export function tableCells(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((c) => c.trim());
}

/** Readable inline text: emphasis markers and Markdown link targets removed, spaces single. */
export function readable(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? label : `${label} (${url})`))
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function trimmed(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return [start, end];
}

/** The label's text without its final colon. */
function labelText(text: string): string {
  return readable(text).replace(/\s*:\s*$/, '');
}

/**
 * Splits a passage into answer units. `heading` (the passage's heading path) gives lists and
 * tables without an introducing line their label: the last heading ("Hôtel de ville").
 */
export function answerUnits(text: string, heading: string | null = null): AnswerUnit[] {
  const lines = linesOf(text);
  const units: AnswerUnit[] = [];
  const headingLabel = heading ? (heading.split(' > ').pop() ?? '').trim() || null : null;
  let group = -1;
  let i = 0;
  /** A prose label waiting for the list or table it introduces. */
  let pendingLabel: string | null = null;

  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.text.trim() === '') {
      i++;
      continue;
    }
    // Table: a run of pipe lines (the separator line of Markdown is not a row).
    if (isTableLine(line.text) && (TABLE_SEPARATOR.test(lines[i + 1]?.text ?? '') || isTableLine(lines[i + 1]?.text ?? '') || line.text.trim().startsWith('|'))) {
      const rows: Line[] = [];
      let hasSeparator = false;
      while (i < lines.length && (isTableLine((lines[i] as Line).text) || TABLE_SEPARATOR.test((lines[i] as Line).text)) && (lines[i] as Line).text.trim() !== '') {
        if (TABLE_SEPARATOR.test((lines[i] as Line).text)) hasSeparator = true;
        else rows.push(lines[i] as Line);
        i++;
      }
      group++;
      // A Markdown table declares its header with the separator line (a Markdown table cut between passages has
      // no header in the later ones); the first row of an HTML table's ` | `-joined rows is its header.
      const markdown = (rows[0] as Line).text.trim().startsWith('|');
      const header = hasSeparator || (!markdown && rows.length >= 2) ? tableCells((rows[0] as Line).text).map(readable) : [];
      const body = header.length ? rows.slice(1) : rows;
      const label = pendingLabel ?? headingLabel;
      body.forEach((r, k) => {
        const cells = tableCells(r.text).map(readable);
        const [s, e] = trimmed(text, r.start, r.end);
        const display = cells.map((c, ci) => (header[ci] ? `${header[ci]} : ${c}` : c)).filter((c) => c.trim() !== '').join(' ; ');
        units.push({ kind: 'row', start: s, end: e, display, group, label, ordinal: k + 1, header, cells });
      });
      pendingLabel = null;
      continue;
    }
    // List: consecutive items (blank lines between items allowed), each with its continuation lines.
    if (LIST_ITEM.test(line.text)) {
      group++;
      const label = pendingLabel ?? headingLabel;
      const items: { start: number; end: number; numbered: boolean }[] = [];
      while (i < lines.length) {
        const l = lines[i] as Line;
        const m = LIST_ITEM.exec(l.text);
        if (!m) {
          if (l.text.trim() === '') {
            // A blank line ends the list unless another item follows.
            let j = i + 1;
            while (j < lines.length && (lines[j] as Line).text.trim() === '') j++;
            if (j < lines.length && LIST_ITEM.test((lines[j] as Line).text)) {
              i = j;
              continue;
            }
            break;
          }
          if (isTableLine(l.text)) break;
          // A lazy continuation line belongs to the current item.
          const last = items[items.length - 1];
          if (last) last.end = l.end;
          i++;
          continue;
        }
        items.push({ start: l.start + m[0].length, end: l.end, numbered: NUMBERED.test(l.text) });
        i++;
      }
      const numbered = items.filter((it) => it.numbered).length >= 2;
      items.forEach((it, k) => {
        const [s, e] = trimmed(text, it.start, it.end);
        if (e <= s) return;
        units.push({ kind: numbered ? 'step' : 'item', start: s, end: e, display: readable(text.slice(s, e)), group, label, ordinal: k + 1 });
      });
      pendingLabel = null;
      continue;
    }
    // Prose: the paragraph up to a blank line, a list or a table.
    const paraStart = line.start;
    let paraEnd = line.end;
    i++;
    while (i < lines.length) {
      const l = lines[i] as Line;
      if (l.text.trim() === '' || LIST_ITEM.test(l.text) || (isTableLine(l.text) && isTableLine(lines[i + 1]?.text ?? ''))) break;
      paraEnd = l.end;
      i++;
    }
    const para = text.slice(paraStart, paraEnd);
    const sentences = splitSentences(para);
    let next = lines[i];
    let k = i;
    while (next && next.text.trim() === '' && k < lines.length) next = lines[++k];
    const followedByStructure = next !== undefined && (LIST_ITEM.test(next.text) || isTableLine(next.text));
    pendingLabel = null;
    sentences.forEach((sp, si) => {
      const s = paraStart + sp.start;
      const e = paraStart + sp.end;
      const quote = text.slice(s, e);
      const isLast = si === sentences.length - 1;
      if (isLast && followedByStructure && /:\s*$/.test(quote) && quote.length <= LABEL_MAX_CHARS) {
        const own = labelText(quote);
        // "Elle concerne notamment :" says little without its heading.
        pendingLabel = headingLabel && own.length <= SHORT_LABEL_CHARS && !own.toLowerCase().includes(headingLabel.toLowerCase()) ? `${headingLabel} — ${own}` : own;
        return;
      }
      units.push({ kind: 'sentence', start: s, end: e, display: readable(quote), group: null, label: null, ordinal: si + 1 });
    });
  }
  return units;
}
