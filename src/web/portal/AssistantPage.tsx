import { useTranslation } from 'react-i18next';
import { Conversation } from '../assistant/Conversation';
import { AiNotice } from '../components/AiNotice';
import { Page } from '../components/Page';
import '../assistant/assistant.css';

/** The residents' assistant: the AI notice first, then the conversation. */
export function AssistantPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.assistant')} className="assistant-page" lead={<p>{t('assistant.lead')}</p>}>
      <AiNotice entryId="assistant.answers" />
      <Conversation />
    </Page>
  );
}
