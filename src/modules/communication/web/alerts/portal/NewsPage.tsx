import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { newsApi, paths } from '../api';
import { formatDay, TopicNames } from './format';
import '../alerts.css';

/** `/actualites/:id`: one news item (the alerts link here). */
export function NewsPage() {
  const { t, i18n } = useTranslation('communication');
  const id = useParams().id ?? '';
  const item = useResource(() => newsApi.get(id), [id]);
  if (item.error && !item.data) {
    return (
      <Page title={t('alerts.news.notFound')} className="al-page">
        <p>{problemMessage(t, item.error)}</p>
        <p>
          <Link to={paths.news}>{t('alerts.news.back')}</Link>
        </p>
      </Page>
    );
  }
  if (!item.data) return <Loading />;
  const news = item.data;
  return (
    <Page title={news.title} className="al-page">
      <p className="al-meta">
        {news.publishedAt ? formatDay(i18n.language, news.publishedAt) : null}
        <TopicNames ids={news.topics} />
      </p>
      <div className="al-news-body">{news.body}</div>
      <p>
        <Link to={paths.news}>{t('alerts.news.back')}</Link> · <Link to={paths.subscribe}>{t('alerts.news.subscribeLink')}</Link>
      </p>
    </Page>
  );
}
