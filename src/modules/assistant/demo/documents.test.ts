import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  DEMO_DOCUMENTS_DIR,
  DOCUMENT_TYPES,
  loadDemoDocuments,
  loadDemoEvalQuestions,
  loadDemoVocabulary,
  parseFrontMatter,
} from './documents';

/** Any French phone number: 0X XX XX XX XX (spaces, dots or dashes) or +33 X XX XX XX XX. */
const FRENCH_PHONE = /(?:\+33[\s.-]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/g;

const wordCount = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)).length;

describe('demo knowledge base', () => {
  const docs = loadDemoDocuments();

  it('has at least 30 documents, one per NN-slug.md file', () => {
    expect(docs.length).toBeGreaterThanOrEqual(30);
    const files = fs.readdirSync(DEMO_DOCUMENTS_DIR).filter((f) => f.endsWith('.md'));
    expect(docs.length).toBe(files.length);
  });

  it('has every required field, valid', () => {
    for (const d of docs) {
      expect(d.title.length, d.slug).toBeGreaterThan(0);
      expect(DOCUMENT_TYPES).toContain(d.type);
      expect(d.service.length, d.slug).toBeGreaterThan(0);
      expect(d.language).toBe('fr');
      expect(d.validFrom).toBe('2026-01-01');
      if (d.validUntil !== undefined) expect(d.validUntil > d.validFrom, d.slug).toBe(true);
      expect(d.sourceUrl).toMatch(/^https:\/\/demo\.beffroi\.fr\/[\w/.-]+$/);
    }
    expect(docs.filter((d) => d.type === 'faq').length).toBeGreaterThanOrEqual(1);
  });

  it('has unique titles and source URLs', () => {
    expect(new Set(docs.map((d) => d.title)).size).toBe(docs.length);
    expect(new Set(docs.map((d) => d.sourceUrl)).size).toBe(docs.length);
  });

  it('labels every document as demo content', () => {
    for (const d of docs) expect(d.demo, d.slug).toBe(true);
  });

  it('uses fictional phone numbers only (01 99 00 xx xx)', () => {
    for (const d of docs) {
      for (const m of d.raw.matchAll(FRENCH_PHONE)) expect(m[0], d.slug).toMatch(/^01[\s.-]?99[\s.-]?00/);
    }
    // the regex does catch real-looking numbers
    expect('appelez le 01 45 67 89 10'.match(FRENCH_PHONE)).not.toBeNull();
  });

  it('has bodies of 200–600 words with ## headings, starting after the front matter', () => {
    for (const d of docs) {
      const n = wordCount(d.body);
      expect(n, d.slug).toBeGreaterThanOrEqual(200);
      expect(n, d.slug).toBeLessThanOrEqual(600);
      expect(d.body, d.slug).toMatch(/^## /m);
      expect(d.body.startsWith('---')).toBe(false);
      expect(d.raw.slice(d.bodyOffset)).toBe(d.body);
      expect(d.raw.slice(0, d.bodyOffset).trimEnd().endsWith('---')).toBe(true);
    }
  });

  it('parses simple front matter', () => {
    const { data, bodyOffset } = parseFrontMatter('---\ntitle: A: b\ndemo: true\n---\nBody');
    expect(data).toEqual({ title: 'A: b', demo: true });
    expect(bodyOffset).toBe('---\ntitle: A: b\ndemo: true\n---\n'.length);
    expect(() => parseFrontMatter('no front matter')).toThrow();
  });
});

describe('demo vocabulary', () => {
  it('has 25+ entries with acronyms and synonyms', () => {
    const vocab = loadDemoVocabulary();
    expect(vocab.length).toBeGreaterThanOrEqual(25);
    const terms = vocab.map((v) => v.term);
    for (const t of ['CCAS', 'PLU', 'ALSH', 'PACS', 'QF', 'cantine', 'encombrants', 'mairie']) expect(terms).toContain(t);
    expect(vocab.some((v) => v.kind === 'acronym')).toBe(true);
    expect(vocab.some((v) => v.kind === 'synonym')).toBe(true);
  });
});

describe('demo evaluation questions', () => {
  it('has 40+ answerable questions pointing at existing documents and 15 unanswerable ones', () => {
    const slugs = new Set(loadDemoDocuments().map((d) => d.slug));
    const qs = loadDemoEvalQuestions();
    const answerable = qs.filter((q) => q.expectedDocument !== null);
    expect(answerable.length).toBeGreaterThanOrEqual(40);
    expect(qs.filter((q) => q.expectedDocument === null).length).toBeGreaterThanOrEqual(15);
    for (const q of answerable) expect(slugs.has(q.expectedDocument!), q.question).toBe(true);
    expect(new Set(qs.map((q) => q.question)).size).toBe(qs.length);
  });
});
