import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A contribution's text with the quoted passage `[start, end)` marked, offsets in characters of the
 * text as the synthesis stores it (the same string the quote was checked against). The mark can
 * take focus, so that a page opened from a quote lands on it.
 */
export function Highlighted({ text, start, end, markRef }: { text: string; start: number | null; end: number | null; markRef?: Ref<HTMLElement> }) {
  const { t } = useTranslation('participation');
  const valid = start !== null && end !== null && start >= 0 && start < end && end <= text.length;
  if (!valid) return <p className="pa-contribution-text">{text}</p>;
  return (
    <p className="pa-contribution-text">
      {text.slice(0, start)}
      <mark ref={markRef} tabIndex={-1} className="pa-quote-mark" data-testid="quote-mark">
        <span className="visually-hidden">{t('common.quoteStart')} </span>
        {text.slice(start, end)}
        <span className="visually-hidden"> {t('common.quoteEnd')}</span>
      </mark>
      {text.slice(end)}
    </p>
  );
}
