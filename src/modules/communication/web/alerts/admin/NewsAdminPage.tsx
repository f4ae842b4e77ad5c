import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { alertsApi, newsAdminApi, paths } from '../api';
import '../alerts.css';

const toggle = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));

/** `/admin/actualites`: write and publish news (its alerts go out), and the alerts' counts (never an address). */
export function NewsAdminPage() {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const news = useResource(() => newsAdminApi.list(), []);
  const stats = useResource(() => newsAdminApi.stats(), []);
  const options = useResource(() => alertsApi.options(), []);
  const submission = useSubmission();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [zones, setZones] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);

  if (!options.data) return <Loading />;
  const count = (status: string) => (stats.data?.subscriptions ?? []).filter((s) => s.status === status).reduce((n, s) => n + s.count, 0);

  const write = (publish: boolean) =>
    submission.submit(async () => {
      const created = await newsAdminApi.create({ title: title.trim(), body: body.trim(), topics, zones });
      if (publish) await newsAdminApi.publish(created.id);
      setTitle('');
      setBody('');
      setTopics([]);
      setZones([]);
      setDone(publish ? t('alerts.admin.published') : t('alerts.admin.saved'));
      news.reload();
      stats.reload();
    });

  return (
    <Page title={t('alerts.admin.title')} lead={<p>{t('alerts.admin.lead')}</p>}>
      <ErrorSummary error={submission.error} />
      {done ? (
        <StatusMessage tone="success">
          <span data-testid="news-done">{done}</span>
        </StatusMessage>
      ) : null}
      <section className="section" aria-labelledby="al-write-title">
        <h2 id="al-write-title">{t('alerts.admin.writeTitle')}</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            write(true);
          }}
        >
          <TextInput label={t('alerts.admin.newsTitle')} isRequired maxLength={200} value={title} onChange={setTitle} name="title" />
          <TextAreaInput label={t('alerts.admin.newsBody')} isRequired rows={6} maxLength={20000} value={body} onChange={setBody} name="body" />
          <fieldset className="al-fieldset">
            <legend>{t('alerts.form.topicsLegend')}</legend>
            <div className="al-choices">
              {options.data.topics.map((topic) => (
                <label key={topic.id} className="al-choice" htmlFor={`al-news-topic-${topic.id}`}>
                  <input id={`al-news-topic-${topic.id}`} type="checkbox" checked={topics.includes(topic.id)} onChange={(e) => setTopics(toggle(topics, topic.id, e.target.checked))} />
                  {topic[lang]}
                </label>
              ))}
            </div>
          </fieldset>
          {options.data.zones.length ? (
            <fieldset className="al-fieldset">
              <legend>{t('alerts.admin.zonesLegend')}</legend>
              <p className="field-description">{t('alerts.admin.zonesHelp')}</p>
              <div className="al-choices">
                {options.data.zones.map((zone) => (
                  <label key={zone.ref} className="al-choice" htmlFor={`al-news-zone-${zone.ref}`}>
                    <input id={`al-news-zone-${zone.ref}`} type="checkbox" checked={zones.includes(zone.ref)} onChange={(e) => setZones(toggle(zones, zone.ref, e.target.checked))} />
                    {zone.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <div className="al-actions">
            <button type="submit" className="button button-primary" disabled={submission.pending}>
              {t('alerts.admin.publish')}
            </button>
            <button
              type="button"
              className="button"
              disabled={submission.pending}
              onClick={(e) => {
                const form = e.currentTarget.form;
                if (form && !form.reportValidity()) return;
                write(false);
              }}
            >
              {t('alerts.admin.saveDraft')}
            </button>
          </div>
        </form>
      </section>
      <section className="section" aria-labelledby="al-list-title">
        <h2 id="al-list-title">{t('alerts.admin.listTitle')}</h2>
        {!news.data ? (
          <Loading />
        ) : news.data.items.length === 0 ? (
          <p>{t('alerts.admin.none')}</p>
        ) : (
          <ul>
            {news.data.items.map((item) => (
              <li key={item.id}>
                {item.status === 'published' ? <Link to={paths.newsItem(item.id)}>{item.title}</Link> : item.title} — {t(`alerts.admin.status.${item.status}`)}
                {item.status === 'draft' ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button-small"
                      disabled={submission.pending}
                      aria-label={t('alerts.admin.publishNamed', { title: item.title })}
                      onClick={() =>
                        submission.submit(async () => {
                          await newsAdminApi.publish(item.id);
                          setDone(t('alerts.admin.published'));
                          news.reload();
                          stats.reload();
                        })
                      }
                    >
                      {t('alerts.admin.publish')}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="al-stats-title">
        <h2 id="al-stats-title">{t('alerts.admin.statsTitle')}</h2>
        {stats.data ? (
          <table className="al-stats">
            <caption className="visually-hidden">{t('alerts.admin.statsTitle')}</caption>
            <tbody>
              <tr>
                <th scope="row">{t('alerts.admin.confirmed')}</th>
                <td>{count('confirmed')}</td>
              </tr>
              <tr>
                <th scope="row">{t('alerts.admin.pending')}</th>
                <td>{count('pending')}</td>
              </tr>
              <tr>
                <th scope="row">{t('alerts.admin.outboxPending')}</th>
                <td>{stats.data.outbox.pending}</td>
              </tr>
              <tr>
                <th scope="row">{t('alerts.admin.outboxRetrying')}</th>
                <td>{stats.data.outbox.retrying}</td>
              </tr>
              <tr>
                <th scope="row">{t('alerts.admin.outboxFailed')}</th>
                <td>{stats.data.outbox.failed}</td>
              </tr>
              <tr>
                <th scope="row">{t('alerts.admin.outboxSent')}</th>
                <td>{stats.data.outbox.sent}</td>
              </tr>
            </tbody>
          </table>
        ) : (
          <Loading />
        )}
      </section>
    </Page>
  );
}
