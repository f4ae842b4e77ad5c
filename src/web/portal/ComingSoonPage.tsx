import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Page } from '../components/Page';

export function ComingSoonPage({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return (
    <Page title={t(titleKey)}>
      <div className="notice-card">
        <p className="notice-card-title">{t('comingSoon.title')}</p>
        <p>{t('comingSoon.text')}</p>
        <p>
          <Link to="/">{t('comingSoon.back')}</Link>
        </p>
      </div>
    </Page>
  );
}
