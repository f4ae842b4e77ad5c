import { useTranslation } from 'react-i18next';
import { AiNotice } from '../components/AiNotice';
import { Page } from '../components/Page';

/** Placeholder: the assistant's own issue replaces this page. */
export function AssistantPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.assistant')}>
      <AiNotice entryId="assistant.answers" />
      <div className="notice-card">
        <p className="notice-card-title">{t('comingSoon.title')}</p>
        <p>{t('comingSoon.text')}</p>
      </div>
    </Page>
  );
}
