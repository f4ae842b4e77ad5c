import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CommuneView } from '../../modules/territory/api-schemas';
import { Page } from '../components/Page';
import { useSite } from '../components/SiteContext';
import { WEB_MODULES } from '../modules';
import { collect } from '../shell/web-module';
import { PORTAL_NAMESPACES } from './PortalLayout';


export function HomePage() {
  const { t, i18n } = useTranslation(PORTAL_NAMESPACES);
  const { siteName, territory, loaded } = useSite();
  const commune = territory?.commune;
  const population = commune?.population ?? null;
  const area = commune?.areaKm2 ?? null;
  const neighbours: CommuneView[] = territory?.neighbours ?? [];
  const fmt = new Intl.NumberFormat(i18n.language);

  const entries = collect(WEB_MODULES, (m) => m.portal?.home).map((e) => ({
    to: e.to,
    title: t(e.label, { ns: e.ns }),
    text: t(e.text, { ns: e.ns }),
    icon: e.icon,
  }));

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
                <span className="entry-icon" style={{ backgroundImage: `url(${e.icon})` }} aria-hidden="true" />
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
