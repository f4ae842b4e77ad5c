import { describe, expect, it } from 'vitest';
import { splitIntoPassages } from './splitter.js';
import { splitSentences } from './sentences.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['mairie', 'école', 'inscription', 'M.', 'Mme', 'art.', 'n°', '1.5', 'www.ville.fr', 'délai', 'pièces', 'justificatif', 'cantine', 'l’état', 'CCAS'];

function randomDoc(r: () => number): string {
  const nl = r() < 0.5 ? '\r\n' : '\n';
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.2) parts.push(`${'#'.repeat(1 + Math.floor(r() * 3))} Titre ${i}`);
    else if (kind < 0.35) parts.push(['Liste :', '- un', '- deux', '1. trois'].join(nl));
    else {
      const sentences = Math.floor(r() * (r() < 0.2 ? 60 : 6));
      const s: string[] = [];
      for (let k = 0; k < sentences; k++) {
        const len = 3 + Math.floor(r() * 20);
        s.push(Array.from({ length: len }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ') + (r() < 0.8 ? '.' : ' ?'));
      }
      parts.push(s.join(r() < 0.1 ? nl : ' ') || '  ');
    }
  }
  return parts.join(nl + (r() < 0.7 ? nl : '') + (r() < 0.1 ? '   ' + nl : ''));
}

describe('splitIntoPassages', () => {
  it('keeps body.slice(start, end) === text on varied random input', () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const body = randomDoc(r);
      const ps = splitIntoPassages(body);
      let last = 0;
      for (const p of ps) {
        expect(body.slice(p.start, p.end)).toBe(p.text);
        expect(p.text.trim()).toBe(p.text);
        expect(p.text.length).toBeGreaterThan(0);
        expect(p.start).toBeGreaterThanOrEqual(last);
        expect(p.text.length).toBeLessThanOrEqual(1200);
        last = p.end;
      }
    }
  });

  it('tracks the heading path', () => {
    const body = '# Inscriptions\n\nIntro du service scolaire, assez longue pour rester seule dans son passage.\n\n## Pièces à fournir\n\nUn justificatif de domicile.\n\n# Cantine\r\n\r\nMenus.';
    const ps = splitIntoPassages(body, { minChars: 10 });
    expect(ps.map((p) => p.heading)).toEqual(['Inscriptions', 'Inscriptions > Pièces à fournir', 'Cantine']);
    expect(ps[2]?.text).toBe('Menus.');
  });

  it('splits long paragraphs at sentence boundaries', () => {
    const sentence = 'La commune organise la restauration scolaire pour les élèves des écoles publiques. ';
    const body = sentence.repeat(40).trim();
    const ps = splitIntoPassages(body);
    expect(ps.length).toBeGreaterThan(2);
    for (const p of ps) {
      expect(p.text.length).toBeLessThanOrEqual(1200);
      expect(p.text.endsWith('publiques.')).toBe(true);
    }
  });

  it('merges tiny paragraphs and keeps lists with their intro line', () => {
    const body = 'Horaires.\n\nLundi.\n\nPièces à fournir :\n\n- carte d’identité\n- justificatif de domicile\n\nFin.';
    const ps = splitIntoPassages(body, { minChars: 12, maxChars: 100 });
    expect(ps.some((p) => p.text.startsWith('Pièces à fournir :') && p.text.includes('- justificatif de domicile'))).toBe(true);
    expect(ps[0]?.text).toBe('Horaires.\n\nLundi.');
  });
});

describe('splitSentences', () => {
  it('respects French abbreviations, numbers and URLs', () => {
    const text = 'M. Dupont et Mme Durand ont voté l’art. 3 du n° 12. Le taux passe à 1.5 % selon www.ville.fr. Voir cf. p. 4 ! Fin';
    const spans = splitSentences(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual([
      'M. Dupont et Mme Durand ont voté l’art. 3 du n° 12.',
      'Le taux passe à 1.5 % selon www.ville.fr.',
      'Voir cf. p. 4 !',
      'Fin',
    ]);
  });
});
