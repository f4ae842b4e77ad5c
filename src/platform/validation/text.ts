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

export type TextProblem = 'control_character' | 'line_break' | 'unpaired_surrogate';

/** What is wrong with an already normalised value, or null. Pure. */
export function textProblem(value: string, multiline = false): TextProblem | null {
  if (!value.isWellFormed()) return 'unpaired_surrogate';
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
    .max(max * 2) // a cheap bound in UTF-16 units before any work; the exact check is below
    .overwrite((v) => {
      if (!v.isWellFormed()) return v;
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
