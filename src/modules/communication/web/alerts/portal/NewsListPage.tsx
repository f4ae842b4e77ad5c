import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { newsApi, paths } from '../api';
import { formatDay, TopicNames } from './format';
import '../alerts.css';

/** `/actualites`: the commune's news, newest first, and the way to be told of the next ones. */
export function NewsListPage() {
  const { t, i18n } = useTranslation('communication');
  const news = useResource(() => newsApi.list(), []);
  return (
    <Page title={t('alerts.news.title')} lead={<p>{t('alerts.news.lead')}</p>} className="al-page">
      <p>
        <Link to={paths.subscribe}>{t('alerts.news.subscribeLink')}</Link>
      </p>
      {news.error && !news.data ? <p>{problemMessage(t, news.error)}</p> : null}
      {!news.data && !news.error ? <Loading /> : null}
      {news.data && news.data.items.length === 0 ? <p>{t('alerts.news.empty')}</p> : null}
      {news.data && news.data.items.length > 0 ? (
        <ul className="al-news-list">
          {news.data.items.map((item) => (
            <li key={item.id} className="card">
              <h2>
                <Link to={paths.newsItem(item.id)}>{item.title}</Link>
              </h2>
              <p className="al-meta">
                {item.publishedAt ? formatDay(i18n.language, item.publishedAt) : null}
                <TopicNames ids={item.topics} />
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
