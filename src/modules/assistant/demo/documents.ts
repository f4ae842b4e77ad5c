/**
 * Demo knowledge base of the commune's assistant: Markdown files with a simple front matter
 * (`key: value` lines between `---` lines), plus the commune vocabulary (acronyms, synonyms).
 * All content is demo content (`demo: true`): services, addresses, hours, prices and phone
 * numbers (01 99 00 xx xx, reserved for fiction) are invented.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const DOCUMENT_TYPES = ['procedure', 'regulation', 'council_decision', 'page', 'faq'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const frontMatterSchema = z.object({
  title: z.string().min(1),
  type: z.enum(DOCUMENT_TYPES),
  service: z.string().min(1),
  language: z.literal('fr'),
  validFrom: isoDate,
  validUntil: isoDate.optional(),
  sourceUrl: z.string().regex(/^https:\/\/demo\.beffroi\.fr\//),
  demo: z.literal(true),
});

export interface DemoDocument {
  /** File name without `.md`, e.g. `06-restauration-scolaire`. */
  slug: string;
  title: string;
  type: DocumentType;
  service: string;
  language: 'fr';
  validFrom: string;
  validUntil?: string;
  sourceUrl: string;
  demo: true;
  /** Markdown body, without the front matter. */
  body: string;
  /** Character offset of the body in the file (offsets inside `body` + this = offsets in the file). */
  bodyOffset: number;
  /** The whole file text. */
  raw: string;
}

export const DEMO_DOCUMENTS_DIR = fileURLToPath(new URL('./documents/', import.meta.url));

/** Parses `---\nkey: value\n---\n` front matter. Values are strings, except `true`/`false`. */
export function parseFrontMatter(text: string): { data: Record<string, string | boolean>; bodyOffset: number } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) throw new Error('missing front matter');
  const data: Record<string, string | boolean> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`invalid front matter line: ${line}`);
    const key = line.slice(0, i).trim();
    let value = line.slice(i + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    data[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return { data, bodyOffset: m[0].length };
}

export function parseDemoDocument(slug: string, raw: string): DemoDocument {
  const { data, bodyOffset } = parseFrontMatter(raw);
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${slug}: invalid front matter: ${parsed.error.message}`);
  const fm = parsed.data;
  return {
    slug,
    title: fm.title,
    type: fm.type,
    service: fm.service,
    language: fm.language,
    validFrom: fm.validFrom,
    ...(fm.validUntil !== undefined ? { validUntil: fm.validUntil } : {}),
    sourceUrl: fm.sourceUrl,
    demo: fm.demo,
    body: raw.slice(bodyOffset),
    bodyOffset,
    raw,
  };
}

/** Loads every `NN-slug.md` of the demo corpus, sorted by file name. */
export function loadDemoDocuments(dir: string = DEMO_DOCUMENTS_DIR): DemoDocument[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{2}-[a-z0-9-]+\.md$/.test(f))
    .sort()
    .map((f) => parseDemoDocument(f.slice(0, -3), fs.readFileSync(path.join(dir, f), 'utf8')));
}

export const vocabularyEntrySchema = z.object({
  term: z.string().min(1),
  expansions: z.array(z.string().min(1)).min(1),
  kind: z.enum(['acronym', 'synonym']),
});
export type VocabularyEntry = z.infer<typeof vocabularyEntrySchema>;

/** Loads `vocabulary.json` (validated). */
export function loadDemoVocabulary(): VocabularyEntry[] {
  const raw: unknown = JSON.parse(fs.readFileSync(fileURLToPath(new URL('./vocabulary.json', import.meta.url)), 'utf8'));
  return z.array(vocabularyEntrySchema).parse(raw);
}

/** The vocabulary as `{ term: expansions }`, the shape `buildExpansions` (retrieval/vocabulary) takes. */
export function demoVocabularyEntries(entries: VocabularyEntry[] = loadDemoVocabulary()): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries) out[e.term] = [...new Set([...(out[e.term] ?? []), ...e.expansions])];
  return out;
}

export const evalQuestionSchema = z.object({
  question: z.string().min(1),
  expectedDocument: z.string().nullable(),
  /**
   * What a correct answer must contain, each fact compared without case, accents or spacing
   * differences; a fact given as a list is satisfied by any of its forms. Answerable questions only.
   */
  facts: z.array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** The development set for calibrating retrieval and abstention. */
export function loadDemoEvalQuestions(): EvalQuestion[] {
  const raw: unknown = JSON.parse(fs.readFileSync(fileURLToPath(new URL('./eval-questions.json', import.meta.url)), 'utf8'));
  return z.array(evalQuestionSchema).parse(raw);
}

/** Lowercase, accents folded, apostrophes straight, spaces (including non-breaking ones) single. */
function foldForFacts(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an answer states every fact of a question (a fact given as a list: any of its forms). */
export function containsFacts(answer: string, facts: NonNullable<EvalQuestion['facts']>): boolean {
  const a = foldForFacts(answer);
  return facts.every((f) => (Array.isArray(f) ? f : [f]).some((form) => a.includes(foldForFacts(form))));
}
