import { useTranslation } from 'react-i18next';
import type { PublicReport } from '../api';
import { formatDate } from './format';

/** A report's public history, oldest first: created, status changes with their message, public updates, reopenings. */
export function History({ report }: { report: PublicReport }) {
  const { t, i18n } = useTranslation('public-space');
  return (
    <ol className="ps-history" data-testid="history">
      {report.history.map((h, i) => (
        <li key={i}>
          <p className="ps-history-head">
            <time dateTime={h.at}>{formatDate(i18n.language, h.at, true)}</time>
            {' — '}
            <strong>{h.kind === 'status' && h.status ? t('history.status', { status: t(`status.${h.status}`) }) : t(`history.${h.kind}`)}</strong>
          </p>
          {h.text ? <p className="ps-history-text">{h.text}</p> : null}
        </li>
      ))}
    </ol>
  );
}
