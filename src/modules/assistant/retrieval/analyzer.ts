/**
 * French-aware text analysis for retrieval.
 *
 * Pipeline per token: NFKC + lowercase → elision removal (l', d', qu'…) →
 * accent folding (NFD, strip combining marks, œ→oe, æ→ae) → stopword removal
 * → stemming (French Snowball by default, applied on the accented lowercase
 * form, whose result is then folded, so "élections" and "elections" agree).
 *
 * Tokens keep their character offsets into the ORIGINAL string, so callers can
 * highlight or slice sentences verbatim.
 */
import { newStemmer } from 'snowball-stemmers';

export interface Token {
  /** Analysed term (folded + stemmed), as stored in the index. */
  term: string;
  /** Folded lowercase surface form (no stemming), for exact-form matching. */
  form: string;
  /** Offsets into the original text: text.slice(start, end) is the surface word. */
  start: number;
  end: number;
  /** Position among kept (non-stopword) tokens, 0-based. */
  position: number;
}

export type StemmerKind = 'snowball' | 'light' | 'none';

export interface AnalyzerOptions {
  /** Default 'snowball'. */
  stemmer?: StemmerKind;
  /** Remove French stopwords (default true). */
  stopwords?: boolean;
  /** Fold accents (default true). */
  foldAccents?: boolean;
  /** Strip French elisions (default true). */
  elisions?: boolean;
}

export interface Analyzer {
  readonly id: string;
  tokenize(text: string): Token[];
  analyze(text: string): string[];
}

/** Elided articles/pronouns/conjunctions (folded form, without the apostrophe). */
const ELISIONS = new Set(['l', 'd', 'qu', 'j', 'n', 's', 'c', 'm', 't', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu']);

/** French stopwords, in folded form (applied after accent folding). */
export const FRENCH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a ai aie aient aies ait as au aucun aucune aupres aura aurai auraient aurais aurait auras aurez auriez ' +
    'aurions aurons auront aussi autre autres aux avaient avais avait avant avec avez aviez avions avoir avons ayant ' +
    'ayez ayons c ca ce ceci cela celle celles celui ces cet cette ceux chaque ci comme comment d dans de des ' +
    'deja depuis dont du elle elles en encore entre es est et etaient etais etait etant etc ete etes etiez etions ' +
    'etre eu eue eues eurent eus eusse eussent eusses eussiez eussions eut eux fait faites fut furent fus fusse ' +
    'fussent fusses fussiez fussions il ils j je jusqu l la le les leur leurs lors lorsqu lui m ma mais me meme ' +
    'memes mes moi mon n ne ni nos notre nous on ont or ou par parce pas peu peut plupart pour pourquoi ' +
    'qu quand que quel quelle quelles quels qui quoi s sa sans se sera serai seraient serais serait seras serez ' +
    'seriez serions serons seront ses si sien sienne soi soient sois soit sommes son sont sous soyez soyons suis ' +
    'sur t ta te tes toi ton tous tout toute toutes tres tu un une unes uns vers via vos votre vous y ' +
    'cette ceux-ci dont etait lequel laquelle lesquels lesquelles auquel auxquels duquel desquels ainsi alors donc ' +
    'quelque quelques combien ou la'
  )
    .split(/\s+/)
    .filter(Boolean),
);

/** Fold accents and ligatures of an already-lowercased string. */
export function foldAccents(s: string): string {
  let out = s.normalize('NFD').replace(/\p{M}+/gu, '');
  if (/[œæß]/.test(out)) out = out.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
  return out;
}

/** NFKC + lowercase + accent folding: the normal form used for comparisons. */
export function normalizeForMatch(s: string): string {
  return foldAccents(s.normalize('NFKC').toLowerCase());
}

/**
 * Word / number tokens on the original text. Numbers keep decimal parts
 * ("1,5", "3.7") and unit/time suffixes ("15h30", "2e"). "aujourd'hui" is one word.
 */
const TOKEN_RE = /\p{N}+(?:[.,]\p{N}+)*[\p{L}\p{N}]*|aujourd['’]hui|[\p{L}\p{M}\p{N}]+/giu;

/** Light French stemmer (plural / feminine / a few frequent suffixes), on folded input. */
export function lightStem(w: string): string {
  if (w.length <= 3 || /^\p{N}/u.test(w)) return w;
  let s = w;
  if (s.endsWith('aux') && s.length > 4) s = s.slice(0, -3) + 'al';
  else if (s.endsWith('x') || s.endsWith('s')) s = s.slice(0, -1);
  if (s.endsWith('ement') && s.length > 7) s = s.slice(0, -5);
  else if (s.endsWith('ation') && s.length > 7) s = s.slice(0, -5);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const stemmerKind = options.stemmer ?? 'snowball';
  const useStop = options.stopwords ?? true;
  const fold = options.foldAccents ?? true;
  const elide = options.elisions ?? true;
  const id = `fr:${stemmerKind}:${useStop ? 's' : '-'}${fold ? 'f' : '-'}${elide ? 'e' : '-'}:v1`;
  const snow = stemmerKind === 'snowball' ? newStemmer('french') : null;

  interface Analysed {
    /** Analysed term, or '' when the token is dropped (stopword). */
    term: string;
    /** Folded lowercase surface form. */
    form: string;
    /** The token is an elided word (l, d, qu…) when an apostrophe follows it. */
    elidable: boolean;
  }
  // Word frequencies follow Zipf's law: caching by surface form makes analysis of a large
  // corpus cost mostly Map lookups instead of normalisation, folding and stemming.
  const cache = new Map<string, Analysed>();

  const analyseLower = (lower: string): Analysed => {
    const folded = fold ? foldAccents(lower) : lower;
    let term: string;
    if (useStop && FRENCH_STOPWORDS.has(folded)) term = '';
    else if (/^\p{N}/u.test(folded)) term = folded.replace(',', '.');
    else if (stemmerKind === 'snowball' && snow) {
      const st = snow.stem(lower);
      term = fold ? foldAccents(st) : st;
    } else if (stemmerKind === 'light') term = lightStem(folded);
    else term = folded;
    const analysed = { term, form: folded, elidable: elide && ELISIONS.has(folded) };
    if (lower !== '' && !cache.has(lower)) cache.set(lower, analysed);
    return analysed;
  };

  const analyseToken = (raw: string): Analysed => {
    const hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const lower = raw.normalize('NFKC').toLowerCase();
    // Capitalised and lower-case spellings of a word share one analysis.
    const known = lower === raw ? undefined : cache.get(lower);
    const analysed = known ?? analyseLower(lower);
    if (cache.size > 200_000) cache.clear();
    cache.set(raw, analysed);
    return analysed;
  };

  const tokenize = (text: string): Token[] => {
    const out: Token[] = [];
    TOKEN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    let position = 0;
    while ((m = TOKEN_RE.exec(text)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      const a = analyseToken(m[0]);
      if (a.elidable) {
        const next = text.charCodeAt(end);
        // apostrophe ' (0x27) or ’ (0x2019) directly after an elided word
        if (next === 0x27 || next === 0x2019) continue;
      }
      if (a.term === '') continue;
      out.push({ term: a.term, form: a.form, start, end, position: position++ });
    }
    return out;
  };

  return {
    id,
    tokenize,
    analyze: (text: string) => tokenize(text).map((t) => t.term),
  };
}

/** The default French analyzer (Snowball, stopwords, folding, elisions). */
export const frenchAnalyzer: Analyzer = createAnalyzer();

/** Tokens with offsets using the default French analyzer. */
export function tokenize(text: string): Token[] {
  return frenchAnalyzer.tokenize(text);
}

/** Analysed terms using the default French analyzer. */
export function analyze(text: string): string[] {
  return frenchAnalyzer.analyze(text);
}

/**
 * Plain analyzer for baselines: lowercase, split on non-letters, no folding,
 * no stopwords, no stemming.
 */
export function createPlainAnalyzer(): Analyzer {
  const re = /\p{L}+/gu;
  const tokenizePlain = (text: string): Token[] => {
    const out: Token[] = [];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let position = 0;
    while ((m = re.exec(text)) !== null) {
      const t = m[0].toLowerCase();
      out.push({ term: t, form: t, start: m.index, end: m.index + m[0].length, position: position++ });
    }
    return out;
  };
  return { id: 'plain:v1', tokenize: tokenizePlain, analyze: (t) => tokenizePlain(t).map((x) => x.term) };
}
