import { useState } from 'react';
import { Button, Form, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { adminApi, type ConsultationStats } from '../api';
import { BarChart } from '@web/components/ChartTable';
import { formatDay, formatNumber } from '../shared/format';
import { RepresentativenessView } from '../shared/RepresentativenessView';
import { useResource } from '@web/components/useResource';
import { AdminConsultationNav } from './AdminConsultationNav';
import '../participation.css';
import { TableWrap } from '@web/components/TableWrap';

type Measure = 'participants' | 'votes' | 'contributions' | 'statements';
const MEASURES: Measure[] = ['participants', 'votes', 'contributions', 'statements'];

/** `/admin/participation/:id/statistiques`: participation live, per day and per district, each chart with its table, and representativeness. */
export function StatsPage() {
  const { t, i18n } = useTranslation('participation');
  const { id = '' } = useParams();
  const consultation = useResource(() => adminApi.consultation(id), [id]);
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [measure, setMeasure] = useState<Measure>('participants');
  const stats = useResource(() => adminApi.stats(id, range), [id, range.from, range.to]);
  const repr = useResource(() => adminApi.representativeness(id), [id]);
  const c = consultation.data;
  const data = stats.data;
  const lang = i18n.language;
  return (
    <Page title={t('admin.stats.title')} lead={c ? <p>{c.title}</p> : null} className="pa-page pa-admin">
      {c ? <AdminConsultationNav consultation={c} /> : null}
      <Form
        className="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ ...(draft.from ? { from: draft.from } : {}), ...(draft.to ? { to: draft.to } : {}) });
        }}
      >
        <div className="form-grid">
          <TextInput label={t('admin.stats.from')} description={t('admin.stats.fromHelp')} name="from" type="date" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <TextInput label={t('admin.stats.to')} description={t('admin.stats.toHelp')} name="to" type="date" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('admin.stats.apply')}
          </Button>
          <Button className="button" onPress={() => stats.reload()}>
            {t('admin.stats.refresh')}
          </Button>
        </div>
      </Form>
      {stats.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, stats.error)}
        </p>
      ) : null}
      {!data && !stats.error ? <Loading /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="pa-totals-title">
            <h2 id="pa-totals-title">{t('admin.stats.totals')}</h2>
            <dl className="pa-stat-grid" data-testid="stats-totals">
              {(Object.keys(data.totals) as (keyof ConsultationStats['totals'])[]).map((k) => (
                <div key={k} className="pa-stat">
                  <dt>{t(`admin.stats.total.${k}`)}</dt>
                  <dd>{formatNumber(lang, data.totals[k])}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section className="section" aria-labelledby="pa-perday-title">
            <h2 id="pa-perday-title">{t('admin.stats.perDay')}</h2>
            <div className="pa-measure" role="group" aria-label={t('admin.stats.measure')}>
              {MEASURES.map((m) => (
                <ToggleButton key={m} className={m === measure ? 'button button-small button-primary' : 'button button-small'} isSelected={m === measure} onChange={() => setMeasure(m)}>
                  {t(`admin.stats.measures.${m}`)}
                </ToggleButton>
              ))}
            </div>
            <div className="ct-chart-and-table">
              <BarChart testId="perday-chart" data={data.perDay.map((d) => ({ key: d.day, label: formatDay(lang, d.day), value: d[measure] }))} />
              <TableWrap label={t('admin.stats.perDayCaption')} className="pa-scroll-table">
                <table className="table" data-testid="perday-table">
                  <caption>{t('admin.stats.perDayCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.stats.day')}</th>
                      {MEASURES.map((m) => (
                        <th key={m} scope="col">
                          {t(`admin.stats.measures.${m}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.perDay.map((d) => (
                      <tr key={d.day}>
                        <th scope="row">
                          <time dateTime={d.day}>{formatDay(lang, d.day)}</time>
                        </th>
                        {MEASURES.map((m) => (
                          <td key={m}>{d[m]}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </div>
          </section>

          <section className="section" aria-labelledby="pa-perdistrict-title">
            <h2 id="pa-perdistrict-title">{t('admin.stats.perDistrict')}</h2>
            {data.perDistrict.length === 0 ? (
              <p>{t('admin.stats.noDistrict')}</p>
            ) : (
              <div className="ct-chart-and-table">
                <BarChart
                  testId="perdistrict-chart"
                  data={data.perDistrict.map((d) => ({ key: d.district ?? '-', label: d.name ?? d.district ?? t('admin.stats.undeclared'), value: d.participants }))}
                />
                <TableWrap label={t('admin.stats.perDistrictCaption')}>
                  <table className="table" data-testid="perdistrict-table">
                    <caption>{t('admin.stats.perDistrictCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.stats.district')}</th>
                        <th scope="col">{t('admin.stats.measures.participants')}</th>
                        <th scope="col">{t('admin.stats.measures.votes')}</th>
                        <th scope="col">{t('admin.stats.measures.contributions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.perDistrict.map((d) => (
                        <tr key={d.district ?? '-'}>
                          <th scope="row">{d.name ?? d.district ?? t('admin.stats.undeclared')}</th>
                          <td>{d.participants}</td>
                          <td>{d.votes}</td>
                          <td>{d.contributions}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </div>
            )}
          </section>
        </>
      ) : null}
      {repr.data ? <RepresentativenessView data={repr.data} /> : null}
      {repr.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, repr.error)}
        </p>
      ) : null}
    </Page>
  );
}
