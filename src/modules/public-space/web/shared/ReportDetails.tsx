import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { photoUrl, type PublicReport } from '../api';
import { formatDate } from './format';
import { History } from './History';
import { StatusTag } from './StatusTag';

/** What the public sees of a report: category, status, place, dates (then `children`: its map), description, photos, history. */
export function ReportDetails({ report, children }: { report: PublicReport; children?: ReactNode }) {
  const { t, i18n } = useTranslation('public-space');
  const category = report.category.parentName ? `${report.category.parentName} › ${report.category.name}` : report.category.name;
  return (
    <>
      <dl className="ps-facts">
        <div>
          <dt>{t('report.status')}</dt>
          <dd>
            <StatusTag status={report.status} />
            {report.demo ? <span className="tag tag-muted ps-demo">{t('common.demo')}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('report.category')}</dt>
          <dd>{category}</dd>
        </div>
        <div>
          <dt>{t('report.place')}</dt>
          <dd>
            {report.address ?? t('report.coordinates', { lat: report.position.lat.toFixed(5), lng: report.position.lng.toFixed(5) })}
            {report.district?.name ? ` (${report.district.name})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('report.requestedAt')}</dt>
          <dd>{formatDate(i18n.language, report.requestedAt, true)}</dd>
        </div>
        {report.expectedAt ? (
          <div>
            <dt>{t('report.expectedAt')}</dt>
            <dd>{formatDate(i18n.language, report.expectedAt)}</dd>
          </div>
        ) : null}
        {report.resolvedAt ? (
          <div>
            <dt>{t('report.resolvedAt')}</dt>
            <dd>{formatDate(i18n.language, report.resolvedAt, true)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('report.followers')}</dt>
          <dd>{report.followers}</dd>
        </div>
        {report.rejectReason ? (
          <div>
            <dt>{t('report.rejectReason')}</dt>
            <dd>{t(`rejectReasons.${report.rejectReason}`)}</dd>
          </div>
        ) : null}
      </dl>
      {report.mergedInto ? <p>{t('report.mergedInto', { number: report.mergedInto })}</p> : null}
      {children}
      {report.description ? (
        <section aria-labelledby="ps-description-title" className="section">
          <h2 id="ps-description-title">{t('report.description')}</h2>
          <p className="ps-description">{report.description}</p>
        </section>
      ) : null}
      {report.photos.length > 0 ? (
        <section aria-labelledby="ps-photos-title" className="section">
          <h2 id="ps-photos-title">{t('report.photos')}</h2>
          <ul className="ps-photos">
            {report.photos.map((p, i) => (
              <li key={p.id}>
                <img src={photoUrl(p.id)} width={p.width} height={p.height} alt={t('report.photoAlt', { n: i + 1, category: report.category.name })} loading="lazy" />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="ps-history-title" className="section">
        <h2 id="ps-history-title">{t('report.history')}</h2>
        <History report={report} />
      </section>
    </>
  );
}
