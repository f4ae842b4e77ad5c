import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { paths, portalApi, type PublicConsultation } from '../api';
import { Highlighted } from '../shared/Highlighted';
import { useResource } from '@web/components/useResource';
import { ConsultationNav } from './ConsultationNav';

function intParam(v: string | null): number | null {
  return v !== null && /^\d{1,7}$/.test(v) ? Number(v) : null;
}

/**
 * `/participation/:id/contributions/:contributionId?start=&end=`: a contribution the published
 * synthesis shows, whole, with the quoted passage highlighted by its offsets, scrolled to and
 * focused, so that anyone can check that the quote is the resident's own words in context.
 */
export function ContributionView({ consultation: c, contributionId }: { consultation: PublicConsultation; contributionId: string }) {
  const { t } = useTranslation('participation');
  const [params] = useSearchParams();
  const start = intParam(params.get('start'));
  const end = intParam(params.get('end'));
  const { data, error } = useResource(() => portalApi.synthesis(c.id), [c.id]);
  const mark = useRef<HTMLElement>(null);
  const contribution = data?.contributions[contributionId] ?? null;
  const theme = data?.synthesis.themes.find((th) => th.contributionIds.includes(contributionId) || th.subThemes.some((s) => s.contributionIds.includes(contributionId)));

  useEffect(() => {
    const el = mark.current;
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [contribution, start, end]);

  if (error) {
    return (
      <Page title={t('contributionView.notFoundTitle')} className="pa-page">
        <p>{problemMessage(t, error)}</p>
        <p>
          <Link to={paths.consultation(c.id)}>{t('portal.backToConsultation', { title: c.title })}</Link>
        </p>
      </Page>
    );
  }
  if (!data) return <Loading />;
  if (!contribution) {
    return (
      <Page title={t('contributionView.notFoundTitle')} className="pa-page">
        <p>{t('contributionView.notFoundText')}</p>
        <p>
          <Link to={paths.synthesis(c.id)}>{t('contributionView.backToSynthesis')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('contributionView.title', { number: contribution.number })} lead={<p>{t('contributionView.lead', { title: c.title })}</p>} className="pa-page">
      <ConsultationNav consultation={c} />
      {start !== null && end !== null ? <p>{t('contributionView.highlightNote')}</p> : null}
      <article className="card pa-contribution-full" aria-label={t('contributionView.title', { number: contribution.number })} data-testid="contribution-full">
        <Highlighted text={contribution.text} start={start} end={end} markRef={mark} />
      </article>
      <p>
        <Link to={`${paths.synthesis(c.id)}${theme ? `#theme-${theme.id}` : ''}`}>
          {theme ? t('contributionView.backToTheme', { theme: theme.label }) : t('contributionView.backToSynthesis')}
        </Link>
      </p>
    </Page>
  );
}
