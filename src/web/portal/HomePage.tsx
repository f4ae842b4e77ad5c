import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TerritoryCommune } from '../api/types';
import { Page } from '../components/Page';
import { useSite } from '../components/SiteContext';

function populationOf(c: TerritoryCommune | undefined): number | null {
  if (!c) return null;
  for (const key of ['population', 'population2021']) {
    const v = c[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const { siteName, territory, loaded } = useSite();
  const commune = territory?.commune;
  const population = populationOf(commune);
  const area = typeof commune?.areaKm2 === 'number' ? commune.areaKm2 : null;
  const neighbours = (territory?.neighbours ?? []).filter((n) => typeof n?.name === 'string');
  const fmt = new Intl.NumberFormat(i18n.language);

  const entries = [
    { to: '/assistant', title: t('home.entries.assistant.title'), text: t('home.entries.assistant.text'), icon: 'ask' },
    { to: '/participer', title: t('home.entries.participate.title'), text: t('home.entries.participate.text'), icon: 'participate' },
    { to: '/signaler', title: t('home.entries.report.title'), text: t('home.entries.report.text'), icon: 'report' },
    { to: '/territoire', title: t('home.entries.territory.title'), text: t('home.entries.territory.text'), icon: 'territory' },
  ];

  return (
    <Page
      title={siteName || (loaded ? t('app.name') : t('common.loading'))}
      className="home"
      lead={<p>{t('home.welcome')}</p>}
    >
      {(population !== null || area !== null || neighbours.length > 0) && (
        <section className="home-facts" aria-labelledby="home-facts-title">
          <h2 id="home-facts-title" className="visually-hidden">
            {t('home.factsTitle')}
          </h2>
          <dl className="facts">
            {population !== null && (
              <div>
                <dt>{t('home.population')}</dt>
                <dd>{fmt.format(population)}</dd>
              </div>
            )}
            {area !== null && (
              <div>
                <dt>{t('home.area')}</dt>
                <dd>{t('home.areaValue', { value: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(area) })}</dd>
              </div>
            )}
            {neighbours.length > 0 && (
              <div>
                <dt>{t('home.neighbours')}</dt>
                <dd>{neighbours.map((n) => n.name).join(', ')}</dd>
              </div>
            )}
          </dl>
          {territory?.demo ? (
            <p className="demo-note">
              {t('home.demoNote')} <Link to="/sources">{t('home.demoSources')}</Link>
            </p>
          ) : null}
        </section>
      )}

      <section aria-labelledby="home-entries-title">
        <h2 id="home-entries-title" className="section-title">
          {t('home.entriesTitle')}
        </h2>
        <ul className="entry-grid">
          {entries.map((e) => (
            <li key={e.to}>
              <Link to={e.to} className="entry-card">
                <span className={`entry-icon entry-icon-${e.icon}`} aria-hidden="true" />
                <span className="entry-title">{e.title}</span>
                <span className="entry-text">{e.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="home-trust" aria-labelledby="home-trust-title">
        <h2 id="home-trust-title" className="section-title">
          {t('home.trustTitle')}
        </h2>
        <p>{t('home.trustText')}</p>
        <p>
          <Link to="/transparence">{t('home.trustLink')}</Link>
        </p>
      </section>
    </Page>
  );
}
