import { useTranslation } from 'react-i18next';
import { Conversation } from './Conversation';
import { AiNotice } from '@web/components/AiNotice';
import { Page } from '@web/components/Page';
import './assistant.css';

/** The residents' assistant: the AI notice first, then the conversation. */
export function AssistantPage() {
  const { t } = useTranslation('assistant');
  return (
    <Page title={t('portal.nav')} className="assistant-page" lead={<p>{t('lead')}</p>}>
      <AiNotice entryId="assistant.answers" />
      <Conversation />
    </Page>
  );
}
