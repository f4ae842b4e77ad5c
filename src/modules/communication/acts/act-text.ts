/**
 * An act's text as a summary reads it, with the way back to the text as extracted.
 *
 * Council acts reach us as PDF text layers, DOCX, Markdown, plain text or OCR output, and carry
 * the marks of their pages: lines broken inside sentences, words hyphenated across lines, running
 * headers and footers repeated on every page, page numbers, the prefecture's receipt stamp
 * ("Accusé de réception – Ministère de l'intérieur", the ACTES identifier) dropped in the middle of
 * the dispositif. `prepareActText` removes those marks and keeps, for every character of the
 * prepared text, the offset of the character of the extracted text it comes from: a sentence of a
 * summary is quoted from the prepared text and located in the act by those offsets.
 *
 * Nothing else changes: no character is corrected (an OCR "2O14" stays "2O14"), so every figure
 * of the prepared text is a figure of the act as extracted.
 *
 * Pure module: no I/O.
 */
import { splitSentences } from '../../assistant/answer-check.js';

export interface PreparedAct {
  /** The act as extracted (what a reader opens with one click). */
  source: string;
  /** Paragraphs separated by a blank line; list items and headings each on their own line. */
  text: string;
  /** For each character of `text`, the offset in `source` of the character it comes from. */
  sourceOffsets: Int32Array;
  /** Lines of `source` left out (page furniture), as [start, end) offsets. */
  removed: { start: number; end: number; reason: 'page_number' | 'receipt_stamp' | 'repeated_line' }[];
}

export interface ActSentence {
  /** The sentence as a reader sees it (from the prepared text). */
  text: string;
  /** Offsets in the prepared text. */
  start: number;
  end: number;
  /** Offsets of the sentence's first and past-its-last characters in the act as extracted. */
  sourceStart: number;
  sourceEnd: number;
  /** Index of its paragraph in the prepared text (0-based). */
  paragraph: number;
  /** The sentence is a line of its own that looks like a heading or a list item. */
  line: boolean;
}

interface Line {
  start: number;
  end: number;
}

const PAGE_NUMBER_RE = /^(?:[-–—]\s*)?(?:page|p\.)?\s*\d{1,4}\s*(?:(?:\/|sur|of|de)\s*\d{1,4})?\s*(?:[-–—])?$/i;
/** The prefecture's receipt stamp (ACTES), printed on every page of a transmitted act. */
const RECEIPT_STAMP_RE =
  /^(?:accus[ée] de r[ée]ception\b.*|acte certifi[ée] ex[ée]cutoire\b.*|envoi pr[ée]fecture\b.*|r[ée]ception (?:en|par la|par le) pr[ée]f.*|date de (?:t[ée]l[ée]transmission|r[ée]ception(?: pr[ée]fecture)?)(?![\p{L}\p{N}]).*|identifiant unique de l'acte\b.*|\d{3}\s?-\s?[\d\s]{6,16}-\s?[\d\s]{8,10}-[\w. -]{1,40}-\s?(?:DE|AR|AI|CC|BF|AU))$/iu;
/** Bare dates, as the stamp prints them (an OCR may have read a digit as a letter). */
const DATES_ONLY_RE = /^(?:[\dOoIlS]{1,2}\s?[/.]\s?[\dOoIlS]{1,2}\s?[/.]\s?[\dOoIlS\s]{2,5}\s*){1,3}$/;
const HEADING_MARK_RE = /^#{1,6}[ \t]+/;
/** Lines that start a new unit even without a blank line before them. */
const STARTS_UNIT_RE =
  /^(?:[-•–▪◦●*]\s|\d{1,3}\s?[°º.)]\s|[a-z]\)\s|article\s+(?:\d|premier|unique|1er)|art\.\s*\d|vu\b|considérant\b|considerant\b|attendu\b|décide\b|decide\b|délibère\b|approuve\b|autorise\b|pour\s*:|contre\s*:|abstentions?\s*:)/iu;
/** A line in capitals ("DÉCIDE :", "TITRE II") starts a unit too (without the i flag: \p{Lu} would match any letter). */
const CAPITALS_LINE_RE = /^\p{Lu}{2,}[\p{Lu}\s'’-]*:?$/u;
const ENDS_SENTENCE_RE = /[.!?:;]["'”’»)]*$/;
const GLUED_VOTE_RE = /\s+(le conseil(?: municipal)? (?:adopte|approuve)(?![\p{L}\p{N}]).{0,40})$/iu;
const COMPOUND_FIRST = new Set(['non', 'rez', 'vis', 'peut', 'demi', 'mi', 'semi', 'ex', 'vice', 'sous', 'arrière', 'après', 'avant', 'porte', 'garde', 'auto', 'saint', 'sainte', 'grand', 'grande', 'quasi', 'entre', 'contre', 'sur']);
const COMPOUND_SECOND = new Set(['ci', 'là', 'même', 'mêmes', 't', 'il', 'ils', 'elle', 'elles', 'on', 'ce', 'dessus', 'dessous']);

const shape = (t: string) =>
  t
    .replace(HEADING_MARK_RE, '')
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl;
    lines.push({ start, end: end > start && source[end - 1] === '\r' ? end - 1 : end });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

/** Trimmed content of a line, without a Markdown heading mark, as [start, end) in source. */
function content(source: string, line: Line): Line {
  let { start, end } = line;
  while (start < end && /\s/.test(source[start] as string)) start++;
  while (end > start && /\s/.test(source[end - 1] as string)) end--;
  const heading = HEADING_MARK_RE.exec(source.slice(start, end));
  if (heading) start += heading[0].length;
  return { start, end };
}

function words(source: string): Set<string> {
  return new Set(source.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []);
}

export function prepareActText(source: string): PreparedAct {
  const lines = splitLines(source);
  const contents = lines.map((l) => content(source, l));
  const texts = contents.map((c) => source.slice(c.start, c.end));
  const removed: PreparedAct['removed'] = [];
  const drop = new Array<boolean>(lines.length).fill(false);

  // Receipt stamps: their lines, and the bare dates printed with them.
  const isStampWord = (t: string) => RECEIPT_STAMP_RE.test(t);
  const joinBroken = (a: string, b: string) => (/[-\u00ad]$/.test(a) ? a.slice(0, -1) + b : `${a} ${b}`);
  texts.forEach((t, i) => {
    if (!t || drop[i]) return;
    if (isStampWord(t)) {
      drop[i] = true;
      removed.push({ ...lines[i]!, reason: 'receipt_stamp' });
      return;
    }
    // A stamp's line that the scan broke in two or three ("Accusé de" / "réception – Ministère de l'intérieur").
    let joined = t;
    for (let j = i + 1; j <= i + 2 && j < texts.length && texts[j]; j++) {
      joined = joinBroken(joined, texts[j]!);
      if (joined.length > 90) break;
      if (isStampWord(joined)) {
        for (let k = i; k <= j; k++) {
          drop[k] = true;
          removed.push({ ...lines[k]!, reason: 'receipt_stamp' });
        }
        break;
      }
    }
  });
  // The end of a stamp's line broken by the scan ("Réception en Préfec-" / "ture :").
  texts.forEach((t, i) => {
    const previous = texts[i - 1];
    if (i === 0 || drop[i] || !drop[i - 1] || !previous || t.length > 30) return;
    if (/[-\u00ad]$/.test(previous) || (/^\p{Ll}/u.test(t) && !ENDS_SENTENCE_RE.test(previous))) {
      drop[i] = true;
      removed.push({ ...lines[i]!, reason: 'receipt_stamp' });
    }
  });
  texts.forEach((t, i) => {
    if (drop[i] || !DATES_ONLY_RE.test(t)) return;
    const near = [i - 4, i - 3, i - 2, i - 1, i + 1, i + 2, i + 3, i + 4].some((j) => j >= 0 && j < texts.length && drop[j] && isStampWord(texts[j]!));
    if (near) {
      drop[i] = true;
      removed.push({ ...lines[i]!, reason: 'receipt_stamp' });
    }
  });
  // Page numbers.
  texts.forEach((t, i) => {
    if (!drop[i] && t && PAGE_NUMBER_RE.test(t)) {
      drop[i] = true;
      removed.push({ ...lines[i]!, reason: 'page_number' });
    }
  });
  // Running headers and footers: a short line seen three times or more (all but its first occurrence).
  const seen = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const t of texts) if (t && t.length <= 120) counts.set(shape(t), (counts.get(shape(t)) ?? 0) + 1);
  texts.forEach((t, i) => {
    if (drop[i] || !t || t.length > 120) return;
    const s = shape(t);
    if ((counts.get(s) ?? 0) < 3 || !/\p{L}{3}/u.test(s)) return;
    const n = (seen.get(s) ?? 0) + 1;
    seen.set(s, n);
    if (n > 1) {
      drop[i] = true;
      removed.push({ ...lines[i]!, reason: 'repeated_line' });
    }
  });
  removed.sort((a, b) => a.start - b.start);

  const vocabulary = words(source);
  const out: string[] = [];
  const offsets: number[] = [];
  const emit = (ch: string, at: number) => {
    out.push(ch);
    offsets.push(at);
  };
  /** Copies a line's content with runs of spaces made one. */
  const copy = (c: Line) => {
    let spaceAt = -1;
    for (let i = c.start; i < c.end; i++) {
      const ch = source[i] as string;
      if (/\s/.test(ch)) {
        if (spaceAt < 0) spaceAt = i;
        continue;
      }
      if (spaceAt >= 0) emit(' ', spaceAt);
      spaceAt = -1;
      emit(ch, i);
    }
  };
  const lastOut = () => out.join('').slice(-80);

  let previous: { text: string; index: number } | null = null;
  let blankSince = false;
  let droppedSince = false;
  for (let i = 0; i < lines.length; i++) {
    const t = texts[i]!;
    if (drop[i]) {
      droppedSince = true;
      continue;
    }
    if (!t) {
      blankSince = true;
      continue;
    }
    const c = contents[i]!;
    if (previous) {
      const prevText = previous.text;
      const startsUnit = STARTS_UNIT_RE.test(t) || CAPITALS_LINE_RE.test(t) || HEADING_MARK_RE.test(source.slice(lines[i]!.start, lines[i]!.end).trimStart());
      const continues = !ENDS_SENTENCE_RE.test(prevText) && !startsUnit && !HEADING_MARK_RE.test(source.slice(lines[previous.index]!.start, lines[previous.index]!.end).trimStart());
      // A sentence broken by a line end, or by a page's furniture, goes on; a blank line between
      // two lines of text is a paragraph break unless page furniture stood there and the text runs on.
      const join = continues && (!blankSince || (droppedSince && /^[\p{Ll}\d(«"]/u.test(t)));
      if (join) {
        const hyphen = /([\p{L}'’]+)[-\u00ad]$/u.exec(prevText);
        const next = /^\p{L}+/u.exec(t)?.[0];
        if (hyphen && next) {
          const a = hyphen[1]!.toLowerCase();
          const b = next.toLowerCase();
          const keep =
            /^\p{Lu}/u.test(next) ||
            vocabulary.has(`${a}-${b}`) ||
            (!vocabulary.has(a + b) && (COMPOUND_FIRST.has(a) || COMPOUND_SECOND.has(b)));
          if (!keep || prevText.endsWith('\u00ad')) {
            // Drop the hyphen that only broke the word.
            out.pop();
            offsets.pop();
          }
        } else {
          emit(' ', lines[i]!.start - 1);
        }
      } else if (blankSince || droppedSince) {
        emit('\n', lines[i]!.start - 1);
        emit('\n', lines[i]!.start - 1);
      } else {
        emit('\n', lines[i]!.start - 1);
      }
    }
    copy(c);
    previous = { text: lastOut(), index: i };
    blankSince = false;
    droppedSince = false;
  }
  return { source, text: out.join(''), sourceOffsets: Int32Array.from(offsets), removed };
}

/** Maps [start, end) of the prepared text to the act as extracted. */
export function toSource(act: PreparedAct, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = act.sourceOffsets[start] ?? act.source.length;
    return { start: at, end: at };
  }
  return { start: act.sourceOffsets[start]!, end: act.sourceOffsets[end - 1]! + 1 };
}

/** The sentences of a prepared act, each located in the act as extracted. */
export function actSentences(act: PreparedAct): ActSentence[] {
  const paragraphStarts: number[] = [0];
  for (let i = act.text.indexOf('\n\n'); i >= 0; i = act.text.indexOf('\n\n', i + 2)) paragraphStarts.push(i + 2);
  const lineStarts = new Set<number>([0]);
  for (let i = act.text.indexOf('\n'); i >= 0; i = act.text.indexOf('\n', i + 1)) lineStarts.add(i + 1);
  const out: ActSentence[] = [];
  let paragraph = 0;
  const pieces: { start: number; end: number }[] = [];
  for (const s of splitSentences(act.text)) {
    // A vote formula glued by the PDF's layout to the line before it ("Patricia MIRALLES Le Conseil adopte.").
    const glued = GLUED_VOTE_RE.exec(act.text.slice(s.start, s.end));
    if (glued && glued.index > 0) {
      pieces.push({ start: s.start, end: s.start + glued.index }, { start: s.start + glued.index + glued[0].length - glued[1]!.length, end: s.end });
    } else {
      pieces.push(s);
    }
  }
  for (const s of pieces) {
    while (paragraph + 1 < paragraphStarts.length && paragraphStarts[paragraph + 1]! <= s.start) paragraph++;
    const lineStart = act.text.lastIndexOf('\n', s.start - 1) + 1;
    let lineEnd = act.text.indexOf('\n', s.end);
    if (lineEnd < 0) lineEnd = act.text.length;
    const before = act.text.slice(lineStart, s.start);
    const wholeLine = /^[\s\-•–*\d.)°]*$/u.test(before) && act.text.slice(s.end, lineEnd).trim() === '';
    const src = toSource(act, s.start, s.end);
    out.push({
      text: act.text.slice(s.start, s.end),
      start: s.start,
      end: s.end,
      sourceStart: src.start,
      sourceEnd: src.end,
      paragraph,
      line: wholeLine && !/[.!?]$/.test(act.text.slice(s.start, s.end)),
    });
  }
  return out;
}
