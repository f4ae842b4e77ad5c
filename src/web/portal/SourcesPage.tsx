import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { useSite } from '../components/SiteContext';

export function SourcesPage() {
  const { t } = useTranslation();
  const { territory } = useSite();
  const sources = territory?.sources ?? [];
  return (
    <Page title={t('sources.title')} lead={<p>{t('sources.intro')}</p>}>
      {sources.length > 0 ? (
        <ul className="source-list">
          {sources.map((s) => (
            <li key={s.id}>
              <p className="source-name">{s.name}</p>
              <p>
                {[s.publisher, s.licence].filter(Boolean).join(' — ')}
                {s.usedFor ? <span className="source-use"> · {t('sources.usedFor', { use: s.usedFor })}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sources.none')}</p>
      )}
      <h2>{t('sources.softwareTitle')}</h2>
      <p>{t('sources.softwareText')}</p>
    </Page>
  );
}
