/**
 * A seeded simulator of OCR noise, to measure the summaries on acts as a scanner and an OCR
 * engine would have delivered them: characters confused with their look-alikes (0/O, 1/l/I, 5/S,
 * 8/B, rn/m, é/e), lines broken inside sentences (sometimes with a hyphen inside a word), stray
 * spaces inside numbers ("1 500 000" → "1 5 00 000"), and dropped or doubled spaces.
 *
 * Same seed, same text, same noise. Pure module: no I/O.
 */

export interface OcrNoiseOptions {
  seed: number;
  /** Chance that a digit or a confusable letter is swapped for its look-alike. */
  confusion: number;
  /** Chance, per space, that the line breaks there (and, one time in three, inside the next word with a hyphen). */
  lineBreak: number;
  /** Chance, per number of four digits or more, that a stray space splits one of its groups. */
  strayNumberSpace: number;
  /** Chance, per accented letter, that the accent is lost. */
  accentLoss: number;
}

export const DEFAULT_OCR_NOISE: OcrNoiseOptions = { seed: 1, confusion: 0.02, lineBreak: 0.08, strayNumberSpace: 0.3, accentLoss: 0.03 };

/** mulberry32: a small, fast, seeded generator (same seed, same sequence). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOOK_ALIKES: Record<string, string[]> = {
  '0': ['O', 'o'],
  '1': ['l', 'I'],
  '5': ['S'],
  '8': ['B'],
  '2': ['Z'],
  O: ['0'],
  o: ['0'],
  l: ['1', 'I'],
  I: ['1', 'l'],
  S: ['5'],
  B: ['8'],
};
const ACCENTS: Record<string, string> = { é: 'e', è: 'e', ê: 'e', à: 'a', â: 'a', ç: 'c', ô: 'o', î: 'i', û: 'u', ù: 'u' };

export function addOcrNoise(text: string, options: Partial<OcrNoiseOptions> = {}): string {
  const o = { ...DEFAULT_OCR_NOISE, ...options };
  const random = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  // Stray spaces inside long numbers first, while the numbers are still whole.
  let out = text.replace(/\d{1,3}(?:[ .]\d{3})+|\d{4,}/g, (n) => {
    if (random() >= o.strayNumberSpace) return n;
    const positions = [...n].flatMap((c, i) => (i > 0 && /\d/.test(c) && /\d/.test(n[i - 1]!) ? [i] : []));
    if (positions.length === 0) return n;
    const at = pick(positions);
    return `${n.slice(0, at)} ${n.slice(at)}`;
  });

  const chars: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    const alikes = LOOK_ALIKES[c];
    if (alikes && random() < o.confusion) {
      chars.push(pick(alikes));
      continue;
    }
    if (ACCENTS[c] && random() < o.accentLoss) {
      chars.push(ACCENTS[c]);
      continue;
    }
    if (c === 'm' && random() < o.confusion / 2) {
      chars.push('rn');
      continue;
    }
    if (c === ' ' && random() < o.lineBreak) {
      const word = /^[\p{L}]{6,}/u.exec(out.slice(i + 1))?.[0];
      if (word && random() < 1 / 3) {
        // Hyphenated at the line end: "délibé-\nration".
        const cut = 3 + Math.floor(random() * (word.length - 5));
        chars.push(' ', word.slice(0, cut), '-\n', word.slice(cut));
        i += word.length;
      } else {
        chars.push('\n');
      }
      continue;
    }
    chars.push(c);
  }
  out = chars.join('');
  return out;
}
