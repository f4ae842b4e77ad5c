/**
 * Redaction of residents' personal data in free text (questions, feedback,
 * logs). Pure module: no I/O.
 *
 * Detected: e-mail addresses, phone numbers (French formats and `+`
 * international numbers), French social security numbers (NIR, structure and
 * key validated), IBANs (mod-97 validated), payment card numbers (Luhn
 * validated) and French street addresses (house number + street type + name,
 * optional postcode and town).
 *
 * Offsets in `redactions` refer to the ORIGINAL text.
 */

export type RedactionKind = 'email' | 'phone' | 'nir' | 'iban' | 'address' | 'card';

export interface Redaction {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  redactions: Redaction[];
}

export const REDACTION_PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = Object.freeze({
  email: '[courriel]',
  phone: '[téléphone]',
  nir: '[n° sécurité sociale]',
  iban: '[IBAN]',
  address: '[adresse]',
  card: '[carte bancaire]',
});

/** Separator allowed between digits of a number written in groups. */
const SEP = '[ .\\-\\u00A0\\u202F]';
const SEP_OPT = `${SEP}?`;

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}(?![\p{L}\p{N}-])/gu;

/** Returns e-mail address spans. */
export function findEmails(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(EMAIL_RE)) {
    let value = m[0];
    let start = m.index;
    // A local part cannot start with a dot.
    while (value.startsWith('.')) {
      value = value.slice(1);
      start += 1;
    }
    out.push({ kind: 'email', start, end: start + value.length });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

/**
 * National French format (10 digits starting with 0), digits optionally
 * separated by a single space, dot, dash or non-breaking space, in any grouping.
 */
const PHONE_NATIONAL = `0${SEP_OPT}[1-9](?:${SEP_OPT}\\d){8}`;
/** +33 / 0033, optional "(0)" or stray "0" trunk prefix. */
const PHONE_FR_INTL = `(?:\\+|00)${SEP_OPT}33${SEP_OPT}(?:\\(0\\)${SEP_OPT}|0${SEP_OPT})?[1-9](?:${SEP_OPT}\\d){8}`;
/** Other international numbers written with a leading "+". */
const PHONE_OTHER_INTL = `\\+${SEP_OPT}(?!33)[1-9]\\d{0,2}${SEP_OPT}(?:\\(0\\)${SEP_OPT})?\\d(?:${SEP_OPT}\\d){5,11}`;

const PHONE_RE = new RegExp(
  `(?<![\\d+]|\\d${SEP})(?:${PHONE_FR_INTL}|${PHONE_OTHER_INTL}|${PHONE_NATIONAL})(?!\\d|${SEP}\\d)`,
  'g',
);

/** Returns phone-number spans (French and "+" international formats). */
export function findPhoneNumbers(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(PHONE_RE)) {
    out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------
// NIR (numéro de sécurité sociale)
// ---------------------------------------------------------------------------

const NIR_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])[1-8]${SEP_OPT}\\d{2}${SEP_OPT}\\d{2}${SEP_OPT}(?:\\d{2}|2[ABab])${SEP_OPT}\\d{3}${SEP_OPT}\\d{3}(?:${SEP_OPT}(\\d{2}))?(?![\\p{L}\\p{N}])`,
  'gu',
);

/**
 * Validates a NIR given without separators: 13 characters (department may be
 * 2A/2B) plus an optional 2-digit key.
 */
export function isValidNir(raw: string): boolean {
  const value = raw.toUpperCase().replace(/[\s.\-\u00A0\u202F]/g, '');
  if (!/^[1-8]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?$/.test(value)) return false;
  const sex = value[0];
  if (sex !== '1' && sex !== '2' && sex !== '3' && sex !== '7' && sex !== '8') return false;
  const month = Number(value.slice(3, 5));
  const monthOk = (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99);
  if (!monthOk) return false;
  const dept = value.slice(5, 7);
  if (dept === '00') return false;
  const commune = value.slice(7, 10);
  const order = value.slice(10, 13);
  if (commune === '000' || order === '000') return false;
  if (value.length === 15) {
    const body = value.slice(0, 13).replace('2A', '19').replace('2B', '18');
    const key = Number(value.slice(13, 15));
    const expected = 97 - (Number(body) % 97);
    if (key !== expected) return false;
  }
  return true;
}

function findNirs(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(NIR_RE)) {
    const full = m[0];
    if (isValidNir(full)) {
      out.push({ kind: 'nir', start: m.index, end: m.index + full.length });
      continue;
    }
    // A key was captured but is invalid: the 13-digit body alone is not
    // considered a NIR (it is followed by two more digits).
  }
  return out;
}

// ---------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** Validates an IBAN (separators ignored) with the ISO 7064 mod-97 checksum. */
export function isValidIban(raw: string): boolean {
  const value = raw.toUpperCase().replace(/[\s.\-\u00A0\u202F]/g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value)) return false;
  const expectedLength = IBAN_LENGTHS[value.slice(0, 2)];
  if (expectedLength !== undefined && value.length !== expectedLength) return false;
  const rearranged = value.slice(4) + value.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const IBAN_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])[A-Za-z]{2}\\d{2}(?:${SEP_OPT}[A-Za-z0-9]){11,34}`,
  'gu',
);

function findIbans(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(IBAN_RE)) {
    // Map alphanumeric characters to their offsets, then try the plausible
    // lengths (country length first, then longest to shortest).
    const chars: { ch: string; index: number }[] = [];
    for (let i = 0; i < m[0].length; i++) {
      const ch = m[0][i] as string;
      if (/[A-Za-z0-9]/.test(ch)) chars.push({ ch: ch.toUpperCase(), index: m.index + i });
    }
    const country = chars.slice(0, 2).map((c) => c.ch).join('');
    const known = IBAN_LENGTHS[country];
    const lengths = known !== undefined ? [known] : range(Math.min(34, chars.length), 15);
    for (const len of lengths) {
      if (len > chars.length) continue;
      const candidate = chars.slice(0, len).map((c) => c.ch).join('');
      const next = chars[len];
      const last = chars[len - 1];
      if (last === undefined) continue;
      // The candidate must end on a token boundary (not in the middle of a word).
      const endIndex = last.index + 1;
      const following = text[endIndex];
      if (following !== undefined && /[\p{L}\p{N}]/u.test(following)) continue;
      if (next !== undefined && next.index === endIndex) continue;
      if (isValidIban(candidate)) {
        out.push({ kind: 'iban', start: m.index, end: endIndex });
        break;
      }
    }
  }
  return out;
}

function range(from: number, downTo: number): number[] {
  const out: number[] = [];
  for (let i = from; i >= downTo; i--) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------
// Payment cards
// ---------------------------------------------------------------------------

/** Luhn checksum over a digit string. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isPlausibleCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  // Issuer prefixes: 2 (Mastercard 2-series), 3 (Amex, Diners, JCB),
  // 4 (Visa), 5 (Mastercard, Maestro), 6 (Discover, Maestro, UnionPay).
  if (!/^[2-6]/.test(digits)) return false;
  // 14-digit numbers are almost always SIRET numbers; only Diners uses 14.
  if (digits.length === 14 && !/^3[068]/.test(digits)) return false;
  return isLuhnValid(digits);
}

const CARD_RE = /(?<![\d.,])\d(?:[ \-\u00A0\u202F]?\d){12,22}(?![\d])/g;

function findCards(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(CARD_RE)) {
    // Groups separated by separators; try windows made of whole groups,
    // starting at the first group, longest first.
    const groups: { start: number; end: number; digits: string }[] = [];
    for (const g of m[0].matchAll(/\d+/g)) {
      groups.push({ start: m.index + g.index, end: m.index + g.index + g[0].length, digits: g[0] });
    }
    let found = false;
    for (let first = 0; first < groups.length && !found; first++) {
      let digits = '';
      const windows: { end: number; digits: string }[] = [];
      for (let last = first; last < groups.length; last++) {
        digits += (groups[last] as { digits: string }).digits;
        windows.push({ end: (groups[last] as { end: number }).end, digits });
      }
      for (const w of windows.reverse()) {
        if (isPlausibleCard(w.digits)) {
          out.push({ kind: 'card', start: (groups[first] as { start: number }).start, end: w.end });
          found = true;
          break;
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Street addresses
// ---------------------------------------------------------------------------

/** Street types that accept a lower-case name ("12 rue des lilas"). */
const STRONG_STREET_TYPES = [
  'rue', 'ruelle', 'avenue', 'av\\.?', 'ave\\.?', 'boulevard', 'bd\\.?', 'bld\\.?', 'boul\\.',
  'impasse', 'imp\\.', 'allée', 'allee', 'all\\.', 'chemin', 'ch\\.', 'quai',
  'faubourg', 'fbg\\.?', 'esplanade', 'lieu-dit', 'lieudit', 'rond-point', 'sentier',
  'chaussée', 'chaussee', 'lotissement', 'lot\\.', 'résidence', 'residence', 'rés\\.', 'res\\.',
  'hameau', 'montée', 'montee', 'rte\\.?', 'traverse', 'venelle',
];

/** Street types that are also common nouns: the name must be capitalised. */
const WEAK_STREET_TYPES = [
  'place', 'pl\\.', 'cours', 'passage', 'route', 'voie', 'square', 'sq\\.', 'mail', 'clos',
  'villa', 'parc', 'cité', 'cite', 'domaine', 'promenade', 'parvis', 'carrefour', 'cour',
];

/** Words that end a street name (function words, common verbs…). */
const NAME_STOPWORDS = new Set([
  'est', 'sont', 'était', 'étaient', 'sera', 'seront', 'a', 'ai', 'as', 'avons', 'avez', 'ont',
  'suis', 'es', 'sommes', 'êtes', 'fut', 'peut', 'peuvent', 'doit', 'doivent', 'fait', 'font',
  'va', 'vont', 'reste', 'restent', 'semble', 'devient', 'et', 'ou', 'mais', 'donc', 'car', 'ni',
  'que', 'qui', 'quoi', 'quand', 'comment', 'pourquoi', 'où', 'depuis', 'pendant', 'pour', 'par',
  'avec', 'sans', 'sur', 'sous', 'dans', 'en', 'à', 'au', 'aux', 'chez', 'vers', 'entre',
  'contre', 'se', 'ce', 'cet', 'cette', 'ces', 'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son',
  'sa', 'ses', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'y', 'ne', 'n', 'pas', 'plus',
  'très', 'trop', 'je', 'j', 'tu', 'il', 'elle', 'nous', 'vous', 'ils', 'elles', 'on', 'un',
  'une', 'fermé', 'fermée', 'fermés', 'fermées', 'ouvert', 'ouverte', 'ouverts', 'ouvertes',
  'bloqué', 'bloquée', 'barrée', 'barré', 'inondée', 'inondé', 'hier', 'demain', 'aujourd',
  'ci', 'là', 'ici', 'lors', 'puis', 'alors', 'aussi', 'encore', 'toujours', 'jamais', 'si',
  'merci', 'bonjour', 'svp', 'is', 'are', 'was', 'and', 'or', 'the', 'in', 'at', 'for',
  'près', 'face', 'côté', 'derrière', 'devant', 'libre', 'libres', 'disponible', 'disponibles',
  'cedex', 'principale', 'principal', 'piétonne', 'commerçante', 'voisine', 'suivante',
]);

/** Particles that may appear inside a street name ("rue de la Paix"). */
const NAME_PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'sur', 'sous', 'lès', 'aux', 'au', 'et']);

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/uy;

const ADDRESS_HEAD_RE = new RegExp(
  `(?<![\\p{L}\\p{N},.])\\d{1,4}(?:[ \\u00A0]?[-–/][ \\u00A0]?\\d{1,4})?(?:[ \\u00A0]?(?:bis|ter|quater|[A-Da-d])(?![\\p{L}\\p{N}]))?,?[ \\u00A0]+(?:(${STRONG_STREET_TYPES.join('|')})|(${WEAK_STREET_TYPES.join('|')}))(?![\\p{L}\\p{N}])[ \\u00A0]*`,
  'giu',
);

const POSTCODE_TOWN_RE =
  /,?[ \u00A0]*(?:-[ \u00A0]*)?(?:\d{5}|\d{2} \d{3})[ \u00A0]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \u00A0-]+(?:(?:sur|sous|en|lès|les|le|la|de|du|des|aux|au|d'|l'|d’|l’)[ \u00A0-]*)?\p{Lu}[\p{L}\p{M}'’-]*)*(?:[ \u00A0]+(?:CEDEX|Cedex)(?:[ \u00A0]+\d{1,2})?)?/uy;

const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(w);

function findAddresses(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of text.matchAll(ADDRESS_HEAD_RE)) {
    const weak = m[2] !== undefined;
    let pos = m.index + m[0].length;
    let nameEnd = -1;
    let words = 0;
    let lowerWords = 0;
    let previous: 'none' | 'particle' | 'upper' | 'lower' = 'none';
    for (let guard = 0; guard < 14; guard++) {
      WORD_RE.lastIndex = pos;
      const w = WORD_RE.exec(text);
      if (!w) break;
      const raw = w[0];
      // Elided particle attached to the next word: "d'Alsace", "l'Église".
      const elided = /^[dl]['’](.*)$/iu.exec(raw);
      const core = elided ? (elided[1] as string) : raw;
      const lower = core.toLowerCase();
      if (!elided && NAME_PARTICLES.has(lower)) {
        if (lower === 'et' && previous !== 'upper') break;
        previous = 'particle';
      } else if (core === '') {
        break;
      } else if (/^\d/.test(core)) {
        // "rue du 8 Mai 1945", "avenue du 11 Novembre".
        const year = /^(1[6-9]|20)\d\d$/.test(core) && previous === 'upper';
        if (previous !== 'particle' && !year) break;
        if (!/^\d{1,4}(?:e|er|ème)?$/u.test(core)) break;
        words += 1;
        nameEnd = w.index + raw.length;
        previous = 'upper';
      } else {
        if (NAME_STOPWORDS.has(lower)) break;
        if (isCapitalised(core)) {
          previous = 'upper';
        } else {
          if (weak && words === 0) break;
          // After a capitalised name, a lower-case word ends the name.
          if (words > lowerWords) break;
          if (lowerWords >= 2) break;
          lowerWords += 1;
          previous = 'lower';
        }
        words += 1;
        nameEnd = w.index + raw.length;
      }
      pos = w.index + raw.length;
      if (/['’]$/.test(raw)) continue;
      const sep = /^(?:[ \u00A0]+|-)/.exec(text.slice(pos, pos + 8));
      if (!sep) break;
      pos += sep[0].length;
    }
    if (nameEnd < 0) continue;
    let end = nameEnd;
    POSTCODE_TOWN_RE.lastIndex = end;
    const pc = POSTCODE_TOWN_RE.exec(text);
    if (pc) end = pc.index + pc[0].length;
    out.push({ kind: 'address', start: m.index, end });
  }
  return out;
}

/** Returns street-address spans (house number + street type + name [+ postcode and town]). */
export function findStreetAddresses(text: string): Redaction[] {
  return findAddresses(text);
}

// ---------------------------------------------------------------------------
// Orchestration
// ---------------------------------------------------------------------------

const PRIORITY: Record<RedactionKind, number> = {
  email: 0,
  iban: 1,
  nir: 2,
  card: 3,
  phone: 4,
  address: 5,
};

/**
 * Detects personal data spans, non-overlapping, sorted by start offset.
 * Longer spans win over shorter overlapping ones; on equal length the more
 * specific detector (email > IBAN > NIR > card > phone > address) wins.
 */
export function detectPersonalData(text: string): Redaction[] {
  const candidates = [
    ...findEmails(text),
    ...findIbans(text),
    ...findNirs(text),
    ...findCards(text),
    ...findPhoneNumbers(text),
    ...findAddresses(text),
  ];
  candidates.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start,
  );
  const accepted: Redaction[] = [];
  for (const c of candidates) {
    if (accepted.some((a) => c.start < a.end && a.start < c.end)) continue;
    accepted.push(c);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** Replaces every detected personal data item with a French placeholder. */
export function redactPersonalData(text: string): RedactionResult {
  const redactions = detectPersonalData(text);
  let out = '';
  let cursor = 0;
  for (const r of redactions) {
    out += text.slice(cursor, r.start) + REDACTION_PLACEHOLDERS[r.kind];
    cursor = r.end;
  }
  out += text.slice(cursor);
  return { text: out, redactions };
}
