import { useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '@web/api/client';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import type { Analytics } from './api';
import { ChannelStatusSection } from './ChannelStatusSection';
import './assistant-admin.css';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The assistant's dashboard: volumes, decisions, feedback, topics, and what residents ask that the documents do not answer. */
export function AnalyticsPage() {
  const { t, i18n } = useTranslation('assistant');
  const today = new Date();
  const [range, setRange] = useState({ from: isoDay(new Date(today.getTime() - 29 * 86_400_000)), to: isoDay(today) });
  const [draft, setDraft] = useState(range);
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    api.get<Analytics>('/api/admin/assistant/analytics', { query: range }).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [range.from, range.to]);

  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const num = new Intl.NumberFormat(i18n.language);
  const dayFmt = new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' });

  return (
    <Page title={t('admin.analytics.title')} lead={<p>{t('admin.analytics.intro')}</p>}>
      <Form
        className="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <div className="form-grid">
          <TextInput label={t('admin.analytics.from')} name="from" type="date" isRequired value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <TextInput label={t('admin.analytics.to')} name="to" type="date" isRequired value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('admin.analytics.apply')}
          </Button>
        </div>
      </Form>
      {error ? <p className="error-text" role="alert">{problemMessage(t, error)}</p> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="totals-title">
            <h2 id="totals-title">{t('admin.analytics.totals')}</h2>
            <dl className="stat-grid" data-testid="analytics-totals">
              <div className="stat">
                <dt>{t('admin.analytics.questions')}</dt>
                <dd>{num.format(data.totals.questions)}</dd>
              </div>
              <div className="stat">
                <dt>{t('admin.analytics.answered')}</dt>
                <dd>
                  {pct.format(data.totals.answeredShare)} <span className="small">({num.format(data.totals.answered)})</span>
                </dd>
              </div>
              <div className="stat">
                <dt>{t('admin.analytics.abstained')}</dt>
                <dd>
                  {pct.format(data.totals.abstainedShare)} <span className="small">({num.format(data.totals.abstained)})</span>
                </dd>
              </div>
              <div className="stat">
                <dt>{t('admin.analytics.handedOff')}</dt>
                <dd>
                  {pct.format(data.totals.handedOffShare)} <span className="small">({num.format(data.totals.handedOff)})</span>
                </dd>
              </div>
              <div className="stat">
                <dt>{t('admin.analytics.fallbacks')}</dt>
                <dd>{num.format(data.totals.generationFallbacks)}</dd>
              </div>
            </dl>
          </section>

          <section className="section" aria-labelledby="perday-title">
            <h2 id="perday-title">{t('admin.analytics.perDay')}</h2>
            {data.perDay.length === 0 ? (
              <p>{t('admin.analytics.noQuestions')}</p>
            ) : (
              <>
                <BarChart data={data.perDay} label={(d) => dayFmt.format(new Date(`${d}T00:00:00Z`))} />
                <details className="chart-table">
                  <summary>{t('admin.analytics.showTable')}</summary>
                  <div className="table-wrap">
                    <table className="table" data-testid="perday-table">
                      <caption>{t('admin.analytics.perDay')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('admin.analytics.date')}</th>
                          <th scope="col">{t('admin.analytics.questions')}</th>
                          <th scope="col">{t('admin.analytics.answered')}</th>
                          <th scope="col">{t('admin.analytics.abstained')}</th>
                          <th scope="col">{t('admin.analytics.handedOff')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.perDay.map((d) => (
                          <tr key={d.date}>
                            <th scope="row">
                              <time dateTime={d.date}>{d.date}</time>
                            </th>
                            <td>{d.questions}</td>
                            <td>{d.answered}</td>
                            <td>{d.abstained}</td>
                            <td>{d.handedOff}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              </>
            )}
          </section>

          <div className="two-columns">
            <section className="section" aria-labelledby="feedback-title">
              <h2 id="feedback-title">{t('admin.analytics.feedback')}</h2>
              <p>
                {t('admin.analytics.helpfulCount', { helpful: data.feedback.helpful, notHelpful: data.feedback.notHelpful })}
              </p>
              <table className="table">
                <caption className="visually-hidden">{t('admin.analytics.feedbackTags')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.analytics.tag')}</th>
                    <th scope="col">{t('admin.analytics.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(data.feedback.byTag).map(([tag, count]) => (
                    <tr key={tag}>
                      <th scope="row">{t(`feedback.tags.${tag}`, { defaultValue: tag })}</th>
                      <td>{count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="section" aria-labelledby="topics-title">
              <h2 id="topics-title">{t('admin.analytics.topics')}</h2>
              {data.topDocuments.length === 0 ? (
                <p>{t('admin.analytics.noTopics')}</p>
              ) : (
                <ol className="topic-list">
                  {data.topDocuments.map((d) => (
                    <li key={d.documentId}>
                      {d.title ?? t('admin.analytics.removedDocument')} — {t('admin.analytics.times', { count: d.count })}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>

          <section className="section" aria-labelledby="unanswered-title">
            <h2 id="unanswered-title">{t('admin.analytics.unanswered')}</h2>
            <p>{t('admin.analytics.unansweredIntro')}</p>
            {data.unanswered.length === 0 ? (
              <p>{t('admin.analytics.noUnanswered')}</p>
            ) : (
              <ul className="group-list" data-testid="unanswered-groups">
                {data.unanswered.map((g, i) => (
                  <li key={i} className="card">
                    <p className="group-head">
                      <strong>{g.representative}</strong> <span className="tag">{t('admin.analytics.times', { count: g.count })}</span>
                    </p>
                    {g.terms.length ? <p className="small">{t('admin.analytics.terms', { terms: g.terms.join(', ') })}</p> : null}
                    {g.questions.length > 1 ? (
                      <details>
                        <summary>{t('admin.analytics.wordings', { count: g.questions.length })}</summary>
                        <ul>
                          {g.questions.map((q) => (
                            <li key={q.text}>
                              {q.text} {q.count > 1 ? <span className="small">(×{q.count})</span> : null}
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
      <ChannelStatusSection />
    </Page>
  );
}

/** Questions per day as bars; the figure has a text alternative and the same data is in the table below it. */
function BarChart({ data, label }: { data: Analytics['perDay']; label(date: string): string }) {
  const { t } = useTranslation('assistant');
  const max = Math.max(1, ...data.map((d) => d.questions));
  const total = data.reduce((s, d) => s + d.questions, 0);
  const busiest = data.reduce((a, b) => (b.questions > a.questions ? b : a), data[0]!);
  // Plural by the number of days ("1 jour"); the date is not the last word, as French short months end in a dot.
  const summary = t('admin.analytics.chartAlt', {
    count: data.length,
    total,
    max: busiest.questions,
    date: label(busiest.date),
  });
  const width = Math.max(300, data.length * 28);
  const height = 160;
  const barW = width / data.length;
  return (
    <figure className="chart">
      <div className="chart-scroll">
        <svg viewBox={`0 0 ${width} ${height + 24}`} width={width} height={height + 24} role="img" aria-label={summary}>
          {data.map((d, i) => {
            const h = (d.questions / max) * height;
            const a = (d.answered / max) * height;
            const x = i * barW + barW * 0.15;
            const w = barW * 0.7;
            return (
              <g key={d.date}>
                <rect x={x} y={height - h} width={w} height={h} className="bar-total" />
                <rect x={x} y={height - a} width={w} height={a} className="bar-answered" />
                {data.length <= 14 || i % Math.ceil(data.length / 10) === 0 ? (
                  <text x={x + w / 2} y={height + 16} textAnchor="middle" className="bar-label">
                    {label(d.date)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="small">
        <span className="legend legend-answered" aria-hidden="true" /> {t('admin.analytics.answered')}{' '}
        <span className="legend legend-total" aria-hidden="true" /> {t('admin.analytics.notAnswered')} — {summary}
      </figcaption>
    </figure>
  );
}
