/** Dates and distances as residents read them, in the page's language (Paris time). */
export function formatDate(language: string, iso: string | null, withTime = false): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' } : { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function formatMetres(language: string, metres: number): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(metres);
}
