/**
 * Numbers and small grammar for the sentences the observatory writes in French and English: the
 * same figures in both, formatted by each language's rules (1 276,5 / 1,276.5), a true minus sign
 * (−), ordinals (1er, 2e / 1st, 2nd) and lists (a, b et c / a, b and c).
 */
import type { Wording } from './indicators';

export type Language = keyof Wording;

/** French groups thousands with a narrow no-break space and writes a decimal comma (as Intl's fr-FR). */
const SEPARATORS: Record<Language, { group: string; decimal: string }> = {
  fr: { group: '\u202f', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/**
 * A fixed number of decimals, grouped thousands, a true minus sign (−) and, when `signed`, a plus
 * sign. Written by hand rather than with Intl.NumberFormat: explanations format millions of
 * numbers for a national map, and this is several times faster with the same output.
 */
export function formatNumber(value: number, language: Language, digits = 1, signed = false): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '\u2212∞';
  const fixed = Math.abs(value).toFixed(digits);
  // Rounding to zero must not print "−0,0".
  const zero = Number(fixed) === 0;
  const point = fixed.indexOf('.');
  const whole = point < 0 ? fixed : fixed.slice(0, point);
  const { group, decimal } = SEPARATORS[language];
  let grouped = whole;
  if (whole.length > 3) {
    grouped = '';
    for (let end = whole.length; end > 0; end -= 3) grouped = whole.slice(Math.max(0, end - 3), end) + (grouped ? group + grouped : '');
  }
  const fraction = point < 0 ? '' : decimal + fixed.slice(point + 1);
  const sign = zero ? '' : value < 0 ? '\u2212' : signed ? '+' : '';
  return `${sign}${grouped}${fraction}`;
}

/** 1er, 2e, 1 276e / 1st, 2nd, 3rd, 11th, 1,276th; a mid-rank is rounded. */
export function ordinal(rank: number, language: Language): string {
  const r = Math.round(rank);
  const digits = formatNumber(r, language, 0);
  if (language === 'fr') return r === 1 ? `${digits}er` : `${digits}e`;
  const lastTwo = r % 100;
  const last = r % 10;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return `${digits}${suffix}`;
}

export function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items[0] ?? '';
  const and = language === 'fr' ? 'et' : 'and';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** "−7,4 points", "1,2 point" (French plural from 2), "1.0 point" / "3.1 points". */
export function points(value: number, language: Language, digits = 1): string {
  const text = formatNumber(value, language, digits, true);
  const magnitude = Math.abs(Number(value.toFixed(digits)));
  const plural = language === 'fr' ? magnitude >= 2 : magnitude !== 1;
  return `${text} ${plural ? 'points' : 'point'}`;
}

/** "−12 %" (French, no-break space) / "−12%". */
export function percent(value: number, language: Language, digits = 0): string {
  const text = formatNumber(value, language, digits, true);
  return language === 'fr' ? `${text}\u00a0%` : `${text}%`;
}

/** A change or a value whose scale is not known in advance: 0 decimals from 100, 1 from 1, else 2. */
export function adaptiveNumber(value: number, language: Language, signed = false): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 1 ? 1 : 2;
  return formatNumber(value, language, digits, signed);
}

/** "q < 0,001" below a thousandth, else three decimals. */
export function probability(value: number, language: Language): string {
  return value < 0.001 ? `< ${formatNumber(0.001, language, 3)}` : formatNumber(value, language, 3);
}
