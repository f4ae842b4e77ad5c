import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { currentLanguage } from '@web/i18n';
import { paths, portalApi, REGISTER_IDS, type PublicConsultation, type PublicSynthesis, type QuotedContribution, type ThemeContributions } from '../api';
import { BarChart } from '@web/components/ChartTable';
import { formatDate, formatPercent } from '../shared/format';
import { RepresentativenessView } from '../shared/RepresentativenessView';
import { useResource } from '@web/components/useResource';
import { ConsultationNav } from './ConsultationNav';
import { OpenData } from './OpenData';
import { TableWrap } from '@web/components/TableWrap';

type Synthesis = PublicSynthesis['synthesis'];
type Theme = Synthesis['themes'][number];
type SubTheme = Theme['subThemes'][number];
type Quote = Theme['quotes'][number];

/**
 * `/participation/:id/synthese`: the published synthesis. Themes with their size, residents' own
 * words (each quote opens its contribution, the quoted passage highlighted), what a model wrote
 * labelled as such, the method as it was run, what people changed afterwards, who took part
 * against who lives there, and the open data to check it all.
 */
export function SynthesisView({ consultation: c }: { consultation: PublicConsultation }) {
  const { t, i18n } = useTranslation('participation');
  const { data, error } = useResource(() => portalApi.synthesis(c.id), [c.id]);
  return (
    <Page
      title={t('synthesis.title')}
      lead={data ? <p>{t('synthesis.lead', { title: c.title, date: formatDate(i18n.language, data.publishedAt) })}</p> : <p>{c.title}</p>}
      className="pa-page"
    >
      <ConsultationNav consultation={c} />
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      {!data && !error ? <Loading /> : null}
      {data ? <SynthesisBody consultation={c} data={data} /> : null}
    </Page>
  );
}

function SynthesisBody({ consultation: c, data }: { consultation: PublicConsultation; data: PublicSynthesis }) {
  const { t, i18n } = useTranslation('participation');
  const s = data.synthesis;
  const lang = currentLanguage();
  const generated = s.generation.mode === 'provider';
  const { hash } = useLocation();

  useEffect(() => {
    // Back from a contribution to its theme: the section is there only once the synthesis is read.
    if (!hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    const heading = target?.querySelector<HTMLElement>('h2, h3');
    if (!target || !heading) return;
    heading.tabIndex = -1;
    target.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [hash]);

  return (
    <>
      <p>{t('synthesis.intro', { count: s.contributionCount, themes: s.themes.length })}</p>
      <p>
        {t('synthesis.quotesNote')} <a href="#pa-method-title">{t('synthesis.methodLink')}</a>
      </p>
      {generated ? (
        <p className="pa-model-notice">
          <span className="ai-badge">{t('synthesis.modelBadge')}</span> {t('synthesis.modelNotice', { model: s.generation.model ?? '' })}
        </p>
      ) : null}

      {s.themes.length > 0 ? (
        <section className="section" aria-labelledby="pa-themes-overview">
          <h2 id="pa-themes-overview">{t('synthesis.overviewTitle')}</h2>
          <div className="ct-chart-and-table">
            <BarChart
              testId="themes-chart"
              data={s.themes.map((th) => ({
                key: th.id,
                label: th.label,
                value: th.size,
                valueText: t('synthesis.sizeShort', { count: th.size }),
              }))}
            />
            <TableWrap label={t('synthesis.tableCaption')}>
              <table className="table" data-testid="themes-table">
                <caption>{t('synthesis.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('synthesis.theme')}</th>
                    <th scope="col">{t('synthesis.contributions')}</th>
                    <th scope="col">{t('synthesis.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.themes.map((th) => (
                    <tr key={th.id}>
                      <th scope="row">
                        <a href={`#theme-${th.id}`}>{th.label}</a>
                      </th>
                      <td>{th.size}</td>
                      <td>{formatPercent(i18n.language, s.contributionCount ? th.size / s.contributionCount : 0)}</td>
                    </tr>
                  ))}
                  {s.standingAlone.length > 0 ? (
                    <tr>
                      <th scope="row">{t('synthesis.standingAloneTitle')}</th>
                      <td>{s.standingAlone.length}</td>
                      <td>{formatPercent(i18n.language, s.contributionCount ? s.standingAlone.length / s.contributionCount : 0)}</td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </TableWrap>
          </div>
        </section>
      ) : (
        <p>{t('synthesis.noThemes')}</p>
      )}

      {s.themes.map((theme) => (
        <ThemeSection key={theme.id} consultationId={c.id} theme={theme} contributions={data.contributions} level={2} />
      ))}

      {s.standingAlone.length > 0 ? (
        <section className="section" aria-labelledby="pa-alone-title">
          <h2 id="pa-alone-title">{t('synthesis.standingAloneTitle')}</h2>
          <p>{t('synthesis.standingAloneIntro')}</p>
          <ul className="pa-quote-list">
            {s.standingAlone.map((a) => {
              const contribution = data.contributions[a.contributionId];
              if (!contribution) return null;
              return (
                <li key={a.contributionId}>
                  <ContributionExcerpt consultationId={c.id} contribution={contribution} />
                  <p className="small">{t(`synthesis.aloneReason.${a.reason}`)}</p>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <section className="section" aria-labelledby="pa-edits-title" data-testid="synthesis-edits">
        <h2 id="pa-edits-title">{t('synthesis.editsTitle')}</h2>
        {data.edits.length === 0 ? (
          <p>{t('synthesis.noEdits')}</p>
        ) : (
          <>
            <p>{t('synthesis.editsIntro', { count: data.edits.length })}</p>
            <ol className="pa-edits">
              {data.edits.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.at}>{formatDate(i18n.language, e.at, true)}</time> — {e.description[lang]}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <RepresentativenessView data={data.representativeness} />

      <section className="section pa-method" aria-labelledby="pa-method-title" data-testid="methodology">
        <h2 id="pa-method-title" tabIndex={-1}>
          {t('synthesis.methodTitle')}
        </h2>
        {s.methodology.text[lang].split(/\n{2,}/).map((para, i) => (
          <p key={i}>{para}</p>
        ))}
        <p>{t(`synthesis.generation.${s.generation.mode}`, { model: s.generation.model ?? '', kept: s.generation.quotesKept, rejected: s.generation.quotesRejected })}</p>
        <ul>
          <li>
            <Link to={`/transparence#${REGISTER_IDS.themes}`}>{t('synthesis.registerThemes')}</Link>
          </li>
          {generated ? (
            <li>
              <Link to={`/transparence#${REGISTER_IDS.generation}`}>{t('synthesis.registerGeneration')}</Link>
            </li>
          ) : null}
          <li>
            <Link to={`/transparence#${REGISTER_IDS.representativeness}`}>{t('synthesis.registerRepresentativeness')}</Link>
          </li>
        </ul>
      </section>

      <OpenData consultation={c} />
    </>
  );
}

function ThemeSection({
  consultationId,
  theme,
  contributions,
  level,
}: {
  consultationId: string;
  theme: Theme | SubTheme;
  contributions: Record<string, QuotedContribution>;
  level: 2 | 3;
}) {
  const { t } = useTranslation('participation');
  const H = `h${level}` as 'h2';
  const titleId = `theme-${theme.id}`;
  const subThemes = 'subThemes' in theme ? theme.subThemes : [];
  const modelText = theme.summary !== null || theme.claims.length > 0;
  return (
    <section className={level === 2 ? 'section pa-theme' : 'pa-subtheme'} aria-labelledby={`${titleId}-title`} id={titleId} data-testid={level === 2 ? 'theme' : 'subtheme'}>
      <H id={`${titleId}-title`}>{theme.label}</H>
      <p className="pa-theme-meta">
        <strong>{t('synthesis.size', { count: theme.size })}</strong> · {t(`synthesis.labelOrigin.${theme.labelOrigin}`)}
      </p>
      {theme.keywords.length > 0 ? <p className="small">{t('synthesis.keywords', { keywords: theme.keywords.join(', ') })}</p> : null}

      {modelText ? (
        <div className="pa-model-text" data-testid="model-text">
          <p className="pa-model-label">
            <span className="ai-badge">{t('synthesis.modelBadge')}</span> {t('synthesis.modelLabel')}
          </p>
          {theme.summary ? <p>{theme.summary}</p> : null}
          {theme.claims.length > 0 ? (
            <ul>
              {theme.claims.map((claim, i) => (
                <li key={i}>
                  {claim.text}{' '}
                  <span className="small">
                    {t('synthesis.claimSupport', { count: claim.supportingContributionIds.length })}
                    {claim.quotes.map((q, k) => {
                      const contribution = contributions[q.contributionId];
                      return contribution ? (
                        <span key={k}>
                          {' '}
                          <Link to={paths.contribution(consultationId, q.contributionId, q)}>{t('synthesis.readContribution', { number: contribution.number })}</Link>
                        </span>
                      ) : null;
                    })}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {theme.quotes.length > 0 ? (
        <>
          <p className="pa-quotes-title">{t('synthesis.quotesTitle')}</p>
          <ul className="pa-quote-list" data-testid="theme-quotes">
            {theme.quotes.map((q, i) => (
              <li key={i}>
                <QuoteBlock consultationId={consultationId} quote={q} contribution={contributions[q.contributionId]} />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {theme.dissent.length > 0 ? (
        <div className="pa-dissent">
          <p className="pa-quotes-title">{t('synthesis.dissentTitle', { stance: t(`synthesis.stance.${theme.majorityStance ?? 'for'}`) })}</p>
          <ul className="pa-quote-list">
            {theme.dissent.map((d, i) => (
              <li key={i}>
                <QuoteBlock consultationId={consultationId} quote={d.cue} contribution={contributions[d.contributionId]} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {subThemes.map((sub) => (
        <ThemeSection key={sub.id} consultationId={consultationId} theme={sub} contributions={contributions} level={3} />
      ))}

      {level === 2 ? <AllContributions consultationId={consultationId} theme={theme} /> : null}
    </section>
  );
}

/** A quote in the resident's own words; its link opens the whole contribution with the passage highlighted. */
function QuoteBlock({ consultationId, quote, contribution }: { consultationId: string; quote: Quote; contribution: QuotedContribution | undefined }) {
  const { t } = useTranslation('participation');
  return (
    <figure className="pa-quote">
      <blockquote>
        <p>{t('common.quoted', { text: quote.text })}</p>
      </blockquote>
      {contribution ? (
        <figcaption>
          <Link to={paths.contribution(consultationId, quote.contributionId, quote)} data-testid="quote-link">
            {t('synthesis.readContribution', { number: contribution.number })}
          </Link>
        </figcaption>
      ) : null}
    </figure>
  );
}

function ContributionExcerpt({ consultationId, contribution }: { consultationId: string; contribution: QuotedContribution }) {
  const { t } = useTranslation('participation');
  const excerpt = contribution.text.length > 240 ? `${contribution.text.slice(0, 240).trimEnd()}…` : contribution.text;
  return (
    <figure className="pa-quote">
      <blockquote>
        <p>{t('common.quoted', { text: excerpt })}</p>
      </blockquote>
      <figcaption>
        <Link to={paths.contribution(consultationId, contribution.id)}>{t('synthesis.readContribution', { number: contribution.number })}</Link>
      </figcaption>
    </figure>
  );
}

/** Every contribution of a theme, fetched on demand (a theme can hold hundreds). */
function AllContributions({ consultationId, theme }: { consultationId: string; theme: Theme | SubTheme }) {
  const { t } = useTranslation('participation');
  const [items, setItems] = useState<ThemeContributions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const load = async (page: number) => {
    setLoading(true);
    try {
      const next = await portalApi.themeContributions(consultationId, theme.id, page);
      setItems((prev) => (prev && page > 1 ? { ...next, items: [...prev.items, ...next.items] } : next));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  return (
    <details
      className="pa-details"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && !items && !loading) void load(1);
      }}
    >
      <summary>{t('synthesis.allContributions', { count: theme.size })}</summary>
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <>
          <ul className="pa-contribution-list">
            {items.items.map((item) => (
              <li key={item.id}>
                <p className="pa-contribution-head">
                  <strong>{t('published.number', { number: item.number })}</strong>
                </p>
                <p className="pa-contribution-text">{item.text}</p>
              </li>
            ))}
          </ul>
          {items.items.length < items.total ? (
            <Button className="button"  onPress={() => void load(items.page + 1)}>
              {t('published.more')}
            </Button>
          ) : null}
        </>
      ) : null}
    </details>
  );
}
