import type { TFunction } from 'i18next';

interface Vote {
  outcome: 'adopted' | 'rejected' | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstention: number | null;
  unanimous: boolean;
}

/** "Adopté" / "Rejeté" as a tag, and the vote counts as the act records them. */
export function VoteLine({ act, t }: { act: Vote; t: TFunction }) {
  const counts = [
    act.votesFor !== null ? t('acts.vote.for', { count: act.votesFor }) : null,
    act.votesAgainst !== null ? t('acts.vote.against', { count: act.votesAgainst }) : null,
    act.votesAbstention !== null ? t('acts.vote.abstention', { count: act.votesAbstention }) : null,
  ].filter(Boolean);
  return (
    <span className="acts-vote">
      {act.outcome ? <span className={`tag ${act.outcome === 'adopted' ? 'tag-ok' : 'tag-danger'}`}>{t(`acts.outcome.${act.outcome}`)}</span> : <span className="tag tag-muted">{t('acts.outcome.unknown')}</span>}
      {act.unanimous ? <span> {t('acts.vote.unanimous')}</span> : null}
      {counts.length ? <span> {counts.join(' · ')}</span> : null}
    </span>
  );
}

export function formatDate(date: string, language: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : new Date(date);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(date) ? 'UTC' : undefined }).format(d);
}

/** A file's size in the page's language ("25 ko", "25 kB", "1,2 Mo"), units worded by Intl. */
export function formatSize(bytes: number, language: string): string {
  const kb = bytes / 1024;
  return kb < 1024
    ? new Intl.NumberFormat(language, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 0 }).format(Math.max(1, kb))
    : new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(kb / 1024);
}
