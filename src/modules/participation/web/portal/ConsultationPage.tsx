import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { LazyBoundary } from '@web/components/LazyBoundary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { paths, portalApi } from '../api';
import { useResource } from '@web/components/useResource';
import { Overview } from './Overview';
import '../participation.css';

// Residents who only vote never download the map, the synthesis or its contributions.
const OpinionMapView = lazy(() => import('./OpinionMapView').then((m) => ({ default: m.OpinionMapView })));
const SynthesisView = lazy(() => import('./SynthesisView').then((m) => ({ default: m.SynthesisView })));
const ContributionView = lazy(() => import('./ContributionView').then((m) => ({ default: m.ContributionView })));

/**
 * `/participation/:consultationId` and its pages (`/carte`, `/synthese`,
 * `/contributions/:contributionId`): the consultation is read once, each page shows a part of it.
 */
export function ConsultationPage() {
  const { t } = useTranslation('participation');
  const params = useParams();
  const consultationId = params.consultationId ?? '';
  const rest = (params['*'] ?? '').split('/').filter(Boolean);
  const consultation = useResource(() => portalApi.consultation(consultationId), [consultationId]);

  if (consultation.error && !consultation.data) {
    return (
      <Page title={t('portal.notFoundTitle')} className="pa-page">
        <p>{problemMessage(t, consultation.error)}</p>
        <p>
          <Link to={paths.list}>{t('portal.backToList')}</Link>
        </p>
      </Page>
    );
  }
  const c = consultation.data;
  if (!c) return <Loading />;

  const [section, sub] = rest;
  let view;
  if (section === undefined) view = <Overview consultation={c} onChange={consultation.set} />;
  else if (section === 'carte') view = <OpinionMapView consultation={c} />;
  else if (section === 'synthese') view = <SynthesisView consultation={c} />;
  else if (section === 'contributions' && sub && rest.length === 2) view = <ContributionView consultation={c} contributionId={sub} />;
  else {
    view = (
      <Page title={t('portal.pageNotFoundTitle')} className="pa-page">
        <p>{t('portal.pageNotFoundText')}</p>
        <p>
          <Link to={paths.consultation(c.id)}>{t('portal.backToConsultation', { title: c.title })}</Link>
        </p>
      </Page>
    );
  }
  return <LazyBoundary>{view}</LazyBoundary>;
}
