/**
 * Interview transcripts split into contributions, each with its offsets in the transcript's text
 * (`text.slice(start, end)` is the contribution, always). Pure.
 *
 * A contribution is a paragraph (text between blank lines), or a speaker's turn when lines start
 * with a speaker's label ("Habitante : …", "Q : …", "[Interviewer] …"). Turns of the speakers the
 * user names (the interviewer) are left out. A passage longer than the contribution limit is cut at
 * sentence ends (or, failing one, at a space).
 */

export interface TranscriptPassage {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
}

export interface TranscriptOptions {
  /** Labels whose turns are not contributions (compared case- and accent-insensitively). */
  skipSpeakers?: readonly string[];
  maxLength: number;
}

const LABEL = /^[ \t]*(?:\[([^\]\n]{1,40})\]|([\p{Lu}][\p{L}\p{N} .'’-]{0,39}?)[ \t]*:)[ \t]*/u;

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

interface Block {
  start: number;
  end: number;
  speaker: string | null;
}

/** Paragraphs, with a speaker's label taken off the start of each (the label starts a new turn). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  let current: Block | null = null;
  let lastSpeaker: string | null = null;
  const close = () => {
    if (current && current.end > current.start) out.push(current);
    current = null;
  };
  for (const lineStart of lineStarts) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() === '') {
      close();
      continue;
    }
    const label = LABEL.exec(line);
    if (label) {
      close();
      lastSpeaker = (label[1] ?? label[2] ?? '').trim();
      current = { start: lineStart + label[0].length, end: lineEnd, speaker: lastSpeaker };
    } else if (current) {
      current.end = lineEnd;
    } else {
      current = { start: lineStart, end: lineEnd, speaker: lastSpeaker };
    }
  }
  close();
  return out;
}

/** Cuts [start, end) into pieces of at most `max` characters, at sentence ends when it can. */
function cut(text: string, start: number, end: number, max: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = start;
  while ([...text.slice(from, end)].length > max) {
    const window = text.slice(from, from + max);
    let at = -1;
    for (const m of window.matchAll(/[.!?…](?=\s)/g)) at = m.index + 1;
    if (at <= 0) at = window.lastIndexOf(' ');
    if (at <= 0) at = window.length;
    pieces.push([from, from + at]);
    from += at;
    while (from < end && /\s/.test(text[from]!)) from++;
  }
  if (from < end) pieces.push([from, end]);
  return pieces;
}

export function splitTranscript(text: string, options: TranscriptOptions): TranscriptPassage[] {
  const skip = new Set((options.skipSpeakers ?? []).map(fold));
  const out: TranscriptPassage[] = [];
  for (const block of blocks(text)) {
    if (block.speaker && skip.has(fold(block.speaker))) continue;
    let start = block.start;
    let end = block.end;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (start === end) continue;
    for (const [s, e] of cut(text, start, end, options.maxLength)) {
      let pieceEnd = e;
      while (pieceEnd > s && /\s/.test(text[pieceEnd - 1]!)) pieceEnd--;
      if (pieceEnd > s) out.push({ start: s, end: pieceEnd, text: text.slice(s, pieceEnd), speaker: block.speaker });
    }
  }
  return out;
}
