import { useTranslation } from 'react-i18next';
import { currentLanguage } from '@web/i18n';
import type { Representativeness } from '../api';
import { formatPercent } from './format';
import { TableWrap } from '@web/components/TableWrap';

type Dimension = Representativeness['districts'];

/**
 * Who took part against who lives there, by declared district and age band: a table per
 * dimension, each under-represented group named in words (a tag, never a colour alone), the
 * method and the population's source year.
 */
export function RepresentativenessView({ data, headingLevel = 2 }: { data: Representativeness; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('participation');
  const lang = currentLanguage();
  const H = `h${headingLevel}` as 'h2';
  const H2 = `h${headingLevel + 1}` as 'h3';
  return (
    <section className="section pa-representativeness" aria-labelledby="pa-repr-title" data-testid="representativeness">
      <H id="pa-repr-title">{t('repr.title')}</H>
      <p>{t('repr.intro', { count: data.participants })}</p>
      {data.underRepresented.length > 0 ? (
        <p className="status status-warning" data-testid="under-represented">
          {t('repr.underList', { groups: data.underRepresented.map((u) => `${u.label} (${t(`repr.dimension.${u.dimension}`)})`).join(', ') })}
        </p>
      ) : (
        <p>{t('repr.noneUnder')}</p>
      )}
      <DimensionTable title={t('repr.districts')} dimension={data.districts} Heading={H2} />
      <DimensionTable title={t('repr.ageBands')} dimension={data.ageBands} Heading={H2} />
      <p className="small">{data.method[lang]}</p>
      {data.population.year ? (
        <p className="small">{t(data.population.estimated ? 'repr.sourceEstimated' : 'repr.source', { year: data.population.year })}</p>
      ) : null}
    </section>
  );
}

function DimensionTable({ title, dimension, Heading }: { title: string; dimension: Dimension; Heading: 'h3' | 'h4' }) {
  const { t, i18n } = useTranslation('participation');
  const lang = i18n.language;
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(lang, v));
  return (
    <div className="pa-dimension">
      <Heading>{title}</Heading>
      <p>{t('repr.declared', { declared: dimension.declared, undeclared: dimension.undeclared })}</p>
      {!dimension.comparable ? <p>{t('repr.notComparable')}</p> : null}
      {dimension.groups.length > 0 ? (
        <TableWrap label={title}>
          <table className="table pa-compact-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('repr.group')}</th>
                <th scope="col">{t('repr.participants')}</th>
                <th scope="col">{t('repr.population')}</th>
                <th scope="col">{t('repr.status')}</th>
              </tr>
            </thead>
            <tbody>
              {dimension.groups.map((g) => (
                <tr key={g.value} data-under={g.underRepresented || undefined}>
                  <th scope="row">{g.label}</th>
                  <td>
                    {pct(g.share)} ({g.participants})
                  </td>
                  <td>{pct(g.populationShare)}</td>
                  <td>
                    {g.underRepresented ? (
                      <span className="tag tag-warning">{t('repr.under')}</span>
                    ) : g.overRepresented ? (
                      <span className="tag tag-risk-minimal">{t('repr.over')}</span>
                    ) : (
                      t('repr.balanced')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </div>
  );
}
