/** Numbers and dates as residents read them, in the page's language. */
export function formatDate(language: string, iso: string | null, withTime = false): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' } : { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function formatPercent(language: string, share: number): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export function formatNumber(language: string, n: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits }).format(n);
}

/** `2026-03-05` (a day as the statistics count it) in words, without shifting it through a time zone. */
export function formatDay(language: string, day: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
