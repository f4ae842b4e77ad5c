import { useTranslation } from 'react-i18next';
import { isOpen, type ReportStatus } from '../api';

/** A report's status in words; open states in the warning colour, resolved in green, refused muted. */
export function StatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation('public-space');
  const tone = status === 'done' ? 'tag-ok' : status === 'rejected' || status === 'archived' ? 'tag-muted' : isOpen(status) ? 'tag-warning' : '';
  return (
    <span className={`tag ${tone}`} data-testid="status-tag">
      {t(`status.${status}`)}
    </span>
  );
}
