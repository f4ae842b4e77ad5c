import { DEFAULT_LANGUAGE, type Language } from './language';
import type { FieldError } from './problem';

/**
 * Field errors from zod issues, and their messages in the request's language.
 *
 * zod writes one message per issue, in one language, when it parses; a problem is answered later,
 * in the language the request asked for. So each field error built here remembers the facts of its
 * issue (code, bounds, format, keys, the type of the value received — never the value itself), and
 * `localizeFieldError` writes its message again from them, from our own French and English wording.
 */

/** What a message needs to know of a zod issue. */
export interface IssueFacts {
  code: string;
  expected?: string;
  /** `typeof`-like name of the value received (`undefined` when the field was missing). */
  received?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  divisor?: number;
  values?: readonly unknown[];
  key?: string;
  /** The issue's own message, kept for `custom` issues that carry no code we know. */
  message?: string;
  params?: Record<string, unknown>;
}

/** The parts of a zod issue this module reads (zod's `$ZodIssue`, and issues made by hand). */
export interface IssueLike {
  code?: string;
  path?: readonly PropertyKey[];
  message?: string;
  input?: unknown;
  [field: string]: unknown;
}

/** A message in each language for a problem code, for `custom` issues that name one (`params.code`). */
export type MessageLookup = (code: string, language: Language) => string | undefined;

const factsOf = new WeakMap<FieldError, IssueFacts>();

/**
 * One field error per issue (one per unknown key, pointing at the key itself), under `base`
 * (`/body`, `/query`, `/body/value`…). Parse with `{ reportInput: true }` so that a missing field
 * can be told from a wrong one; the input itself is not kept.
 */
export function fieldErrorsFromIssues(issues: readonly object[], base: string): FieldError[] {
  return (issues as readonly IssueLike[]).flatMap((issue) => {
    const code = String(issue.code ?? 'custom');
    const at = [base, ...(issue.path ?? []).map((p) => escapePointerToken(String(p)))].join('/');
    const facts = issueFacts(issue);
    if (code === 'unrecognized_keys' && Array.isArray(issue.keys) && issue.keys.length) {
      return issue.keys.map((k) => remember({ pointer: `${at}/${escapePointerToken(String(k))}`, message: '', code }, { ...facts, key: String(k) }));
    }
    // zod reports a failed union as a whole; when the input had the type of exactly one of its
    // branches (an array for the array form of a body), that branch's issues name the field at fault.
    const branch = code === 'invalid_union' ? branchOfTheInputsType(issue.errors) : null;
    if (branch) return fieldErrorsFromIssues(branch, at);
    return [remember({ pointer: at, message: '', code }, facts)];
  });
}

function branchOfTheInputsType(errors: unknown): IssueLike[] | null {
  if (!Array.isArray(errors)) return null;
  const sameType = (errors as IssueLike[][]).filter(
    (issues) => Array.isArray(issues) && issues.length > 0 && !issues.some((i) => i.code === 'invalid_type' && !i.path?.length),
  );
  return sameType.length === 1 ? sameType[0]! : null;
}

/** The field error with its message in `language` (unchanged when it did not come from an issue). */
export function localizeFieldError(error: FieldError, language: Language, lookup?: MessageLookup): FieldError {
  const facts = factsOf.get(error);
  if (!facts) return error;
  return { pointer: error.pointer, message: issueMessage(facts, language, lookup), ...(error.code ? { code: error.code } : {}) };
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function remember(error: FieldError, facts: IssueFacts): FieldError {
  error.message = issueMessage(facts, DEFAULT_LANGUAGE);
  factsOf.set(error, facts);
  return error;
}

function issueFacts(issue: IssueLike): IssueFacts {
  const pick = <T>(k: string, ok: (v: unknown) => boolean): T | undefined => (ok(issue[k]) ? (issue[k] as T) : undefined);
  const isNum = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  const isStr = (v: unknown) => typeof v === 'string';
  return {
    code: String(issue.code ?? 'custom'),
    expected: pick('expected', isStr),
    received: 'input' in issue ? typeName(issue.input) : undefined,
    origin: pick('origin', isStr),
    minimum: pick('minimum', isNum),
    maximum: pick('maximum', isNum),
    inclusive: pick('inclusive', (v) => typeof v === 'boolean'),
    exact: pick('exact', (v) => typeof v === 'boolean'),
    format: pick('format', isStr),
    divisor: pick('divisor', (v) => typeof v === 'number'),
    values: pick('values', Array.isArray),
    message: typeof issue.message === 'string' ? issue.message : undefined,
    params: pick('params', (v) => typeof v === 'object' && v !== null),
  };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

type Wording = Record<Language, string>;

const TYPE_EXPECTED: Record<string, Wording> = {
  string: { fr: 'Texte attendu.', en: 'Expected text.' },
  number: { fr: 'Nombre attendu.', en: 'Expected a number.' },
  int: { fr: 'Nombre entier attendu.', en: 'Expected a whole number.' },
  bigint: { fr: 'Nombre entier attendu.', en: 'Expected a whole number.' },
  boolean: { fr: 'Vrai ou faux attendu.', en: 'Expected true or false.' },
  object: { fr: 'Objet attendu.', en: 'Expected an object.' },
  record: { fr: 'Objet attendu.', en: 'Expected an object.' },
  array: { fr: 'Liste attendue.', en: 'Expected a list.' },
  tuple: { fr: 'Liste attendue.', en: 'Expected a list.' },
  date: { fr: 'Date attendue.', en: 'Expected a date.' },
  null: { fr: 'Valeur nulle attendue.', en: 'Expected null.' },
};

const FORMATS: Record<string, Wording> = {
  email: { fr: 'Adresse électronique non valide.', en: 'Invalid email address.' },
  url: { fr: 'Adresse web non valide.', en: 'Invalid URL.' },
  uuid: { fr: 'Identifiant non valide.', en: 'Invalid identifier.' },
  guid: { fr: 'Identifiant non valide.', en: 'Invalid identifier.' },
  datetime: { fr: 'Date et heure non valides (format ISO 8601 attendu).', en: 'Invalid date and time (ISO 8601 expected).' },
  date: { fr: 'Date non valide (format AAAA-MM-JJ attendu).', en: 'Invalid date (YYYY-MM-DD expected).' },
  time: { fr: 'Heure non valide (format HH:MM attendu).', en: 'Invalid time (HH:MM expected).' },
};

/** Refusals of the shared text type (`src/platform/validation/text.ts`), by `params.reason`. */
const TEXT_REASONS: Record<string, Wording> = {
  control_character: { fr: 'Ne doit pas contenir de caractères de contrôle.', en: 'Must not contain control characters.' },
  line_break: { fr: 'Doit tenir sur une seule ligne.', en: 'Must be on one line.' },
  unpaired_surrogate: { fr: 'Doit être un texte Unicode valide.', en: 'Must be valid Unicode text.' },
};

const INVALID: Wording = { fr: 'Valeur non valide.', en: 'Invalid value.' };
const REQUIRED: Wording = { fr: 'Obligatoire.', en: 'Required.' };

/** The message of an issue in a language. Pure. */
export function issueMessage(f: IssueFacts, language: Language, lookup?: MessageLookup): string {
  const fr = language === 'fr';
  const n = (v: number | bigint | undefined) => (v === undefined ? '?' : v.toLocaleString(fr ? 'fr-FR' : 'en-GB'));
  switch (f.code) {
    case 'invalid_type':
      if (f.received === 'undefined') return REQUIRED[language];
      return (TYPE_EXPECTED[f.expected ?? ''] ?? { fr: 'Type de valeur inattendu.', en: 'Unexpected type of value.' })[language];
    case 'too_big': {
      const max = f.inclusive === false ? `${fr ? 'moins de' : 'fewer than'} ${n(f.maximum)}` : `${fr ? 'au plus' : 'at most'} ${n(f.maximum)}`;
      if (f.origin === 'string') {
        if (f.exact) return fr ? `Exactement ${n(f.maximum)} caractères.` : `Exactly ${n(f.maximum)} characters.`;
        return fr ? `${capitalize(max)} caractères.` : `${capitalize(max)} characters.`;
      }
      if (f.origin === 'array' || f.origin === 'set') return fr ? `${capitalize(max)} éléments.` : `${capitalize(max)} items.`;
      if (f.origin === 'number' || f.origin === 'int' || f.origin === 'bigint') {
        return f.inclusive === false
          ? fr ? `Doit être inférieur à ${n(f.maximum)}.` : `Must be less than ${n(f.maximum)}.`
          : fr ? `Doit être inférieur ou égal à ${n(f.maximum)}.` : `Must be at most ${n(f.maximum)}.`;
      }
      if (f.origin === 'file') return fr ? 'Fichier trop volumineux.' : 'File too large.';
      return fr ? 'Valeur trop grande.' : 'Value too large.';
    }
    case 'too_small': {
      if (f.origin === 'string') {
        if (f.exact) return fr ? `Exactement ${n(f.minimum)} caractères.` : `Exactly ${n(f.minimum)} characters.`;
        if (Number(f.minimum) <= 1 && f.inclusive !== false) return REQUIRED[language];
        return fr ? `Au moins ${n(f.minimum)} caractères.` : `At least ${n(f.minimum)} characters.`;
      }
      if (f.origin === 'array' || f.origin === 'set') {
        if (Number(f.minimum) === 1 && f.inclusive !== false) return fr ? 'Au moins un élément.' : 'At least one item.';
        return fr ? `Au moins ${n(f.minimum)} éléments.` : `At least ${n(f.minimum)} items.`;
      }
      if (f.origin === 'number' || f.origin === 'int' || f.origin === 'bigint') {
        return f.inclusive === false
          ? fr ? `Doit être supérieur à ${n(f.minimum)}.` : `Must be greater than ${n(f.minimum)}.`
          : fr ? `Doit être supérieur ou égal à ${n(f.minimum)}.` : `Must be at least ${n(f.minimum)}.`;
      }
      return fr ? 'Valeur trop petite.' : 'Value too small.';
    }
    case 'invalid_format':
      return (FORMATS[f.format ?? ''] ?? { fr: 'Format non valide.', en: 'Invalid format.' })[language];
    case 'not_multiple_of':
      return fr ? `Doit être un multiple de ${n(f.divisor)}.` : `Must be a multiple of ${n(f.divisor)}.`;
    case 'unrecognized_keys':
      return fr ? `Champ inconnu : « ${f.key ?? ''} ».` : `Unknown field: "${f.key ?? ''}".`;
    case 'invalid_value': {
      const values = (f.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (values.length === 1) return fr ? `Valeur attendue : ${values[0]}.` : `Expected ${values[0]}.`;
      if (values.length > 1) return fr ? `Valeur attendue parmi : ${values.join(', ')}.` : `Expected one of: ${values.join(', ')}.`;
      return INVALID[language];
    }
    case 'invalid_key':
      return fr ? 'Clé non valide.' : 'Invalid key.';
    case 'invalid_element':
      return fr ? 'Élément non valide.' : 'Invalid item.';
    case 'custom': {
      const reason = f.params?.reason;
      if (typeof reason === 'string' && TEXT_REASONS[reason]) return TEXT_REASONS[reason][language];
      const code = f.params?.code;
      const named = typeof code === 'string' ? lookup?.(code, language) : undefined;
      if (named) return named;
      // A refinement's own message, in whatever language its author wrote it.
      return f.message && f.message !== 'Invalid input' ? f.message : INVALID[language];
    }
    default:
      return INVALID[language];
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
