/* eslint-disable no-control-regex -- finding control characters is what this file is for */
import { z } from 'zod';

/**
 * The one text type of every field Beffroi accepts, in every module.
 *
 * Why: a NUL (U+0000) reaches PostgreSQL as an error (a 500 on a public endpoint), other control
 * characters hide text from moderators and break exports, a lone surrogate (JSON allows `"\ud800"`)
 * cannot be encoded in UTF-8 at all, and the same word typed on a Mac and on Windows can arrive as
 * two different code point sequences. So every text field:
 * - has line endings normalised to `\n` (multi-line fields) and Unicode normalised to NFC;
 * - refuses C0 control characters except tab and newline (multi-line fields only), DEL and C1
 *   control characters, and unpaired surrogates;
 * - counts its length in characters (code points), as a resident would, not in UTF-16 units.
 *
 * The refusals are zod issues with the code `invalid_text` and a stable `params.reason`, so that
 * the HTTP layer reports them as 400 field errors like any other validation failure.
 */

export interface TextOptions {
  /** Maximum length in characters (code points), after normalisation. Required: every field has a bound. */
  max: number;
  /** Minimum length in characters after normalisation (and trimming, when on). Default 0. */
  min?: number;
  /** Accept tab and newline (a message, a description). Default false: one line (a title, a name). */
  multiline?: boolean;
  /** Remove leading and trailing white space before checking the length. Default true. */
  trim?: boolean;
}

// C0 controls except tab (U+0009) and line feed (U+000A), DEL, C1 controls.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Single-line fields also refuse tab and line feed.
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one. (What
// String.prototype.isWellFormed answers, which the ES2023 library the project compiles against lacks.)
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNPAIRED_SURROGATES = new RegExp(UNPAIRED_SURROGATE.source, 'g');

const isWellFormed = (value: string) => !UNPAIRED_SURROGATE.test(value);

export type TextProblem = 'control_character' | 'line_break' | 'unpaired_surrogate';

/** What is wrong with an already normalised value, or null. Pure. */
export function textProblem(value: string, multiline = false): TextProblem | null {
  if (!isWellFormed(value)) return 'unpaired_surrogate';
  if (CONTROL_MULTILINE.test(value)) return 'control_character';
  if (!multiline && value.includes('\n')) return 'line_break';
  if (!multiline && CONTROL_SINGLE_LINE.test(value)) return 'control_character';
  return null;
}

/** Length in characters (code points). */
export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const MESSAGES: Record<TextProblem, string> = {
  control_character: 'Must not contain control characters',
  line_break: 'Must be on one line',
  unpaired_surrogate: 'Must be valid Unicode text',
};

/**
 * A text field. `text({ max: 200 })` for one line, `text({ max: 2000, multiline: true })` for a
 * message. The result is a zod string schema (in OpenAPI: `type: string` with `maxLength`).
 */
export function text(opts: TextOptions) {
  const { max, min = 0, multiline = false, trim = true } = opts;
  // A single-line field refuses a line break inside rather than folding it silently; the CR/LF
  // that a paste brings at either end is removed by the trim.
  return z
    .string()
    // A cheap bound in UTF-16 units before any work (the exact count is below). Its refusal names
    // the field's real bound and stops there: a built-in .max(max * 2) would report twice the
    // limit, then let normalisation run on the oversized value anyway.
    .check((ctx) => {
      if (ctx.value.length > max * 2) {
        ctx.issues.push({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, message: `At most ${max} characters`, input: ctx.value });
      }
    })
    .overwrite((v) => {
      if (!isWellFormed(v)) return v;
      const n = v.replace(/\r\n?/g, '\n').normalize('NFC');
      return trim ? n.trim() : n;
    })
    .check((ctx) => {
      const problem = textProblem(ctx.value, multiline);
      if (problem) {
        ctx.issues.push({ code: 'custom', message: MESSAGES[problem], input: ctx.value, params: { reason: problem, format: 'text' } });
        return;
      }
      const n = characterCount(ctx.value);
      if (n > max) {
        ctx.issues.push({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, message: `At most ${max} characters`, input: ctx.value });
      } else if (n < min) {
        ctx.issues.push({
          code: 'too_small',
          origin: 'string',
          minimum: min,
          inclusive: true,
          message: min === 1 ? 'Required' : `At least ${min} characters`,
          input: ctx.value,
        });
      }
    })
    .meta({ maxLength: max, ...(min ? { minLength: min } : {}) });
}

/** A one-line text field of at most `max` characters, required (at least one character) unless `min: 0`. */
export const line = (max: number, opts: Omit<TextOptions, 'max' | 'multiline'> = {}) => text({ max, min: 1, ...opts });

/** A multi-line text field of at most `max` characters, required unless `min: 0`. */
export const paragraph = (max: number, opts: Omit<TextOptions, 'max' | 'multiline'> = {}) =>
  text({ max, min: 1, multiline: true, ...opts });

/**
 * An identifier-like token (a slug, a code, a key): printable ASCII without spaces, checked by
 * `pattern`, so no normalisation question arises.
 */
export const token = (max: number, pattern: RegExp = /^[A-Za-z0-9._:-]+$/) => z.string().min(1).max(max).regex(pattern);

/**
 * Refinement option: run only when the value passed every check so far. The text type's own
 * refusals stop a field's checks, but zod's format checks (`z.iso.date()`…) and refinements do not,
 * so a refinement after them (or one comparing two fields) would otherwise run on a refused value:
 * a second, misleading error, or an exception from a refinement that parses it (`new URL(v)`): a 500.
 */
export const whenValidSoFar = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/**
 * A text field that must also have a form (`format`, as zod and JSON Schema name it). The form is
 * checked only on clean text (a refusal of the text type stops the checks), so a NUL gets one
 * error, the text type's; a wrong form is an `invalid_format` issue like zod's own.
 */
function formatted(max: number, format: 'email' | 'url', message: string, test: (value: string) => boolean) {
  return text({ max, min: 1 })
    .check((ctx) => {
      if (!test(ctx.value)) ctx.issues.push({ code: 'invalid_format', format, origin: 'string', message, input: ctx.value });
    })
    .meta({ format: format === 'url' ? 'uri' : format });
}

/** An e-mail address of at most `max` characters: one line of text, then the address form (zod's). */
export const email = (max = 254) => formatted(max, 'email', 'Must be an e-mail address', (v) => z.regexes.email.test(v));

/** An absolute http(s) URL of at most `max` characters: one line of text, then the URL form. */
export const httpUrl = (max = 2000) => formatted(max, 'url', 'Must be an http(s) URL', isHttpUrl);

function isHttpUrl(value: string): boolean {
  // URL.parse would read better but is Node 22; the engines field allows 20.19.
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/**
 * For text that reaches storage without a request schema (extracted from a file, a crawled page,
 * a provider's answer, a job's report): the characters `text` refuses are removed rather than
 * refused, as there is nobody to correct them. Vertical tab and form feed (page breaks in
 * extracted PDF text) become line breaks so that words on either side stay apart; an unpaired
 * surrogate becomes U+FFFD. Tab, CR and LF are kept. Pure.
 */
export function stripControlCharacters(value: string): string {
  return value
    .replace(UNPAIRED_SURROGATES, '\uFFFD')
    .replace(/[\u000B\u000C]/g, '\n')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, '');
}
