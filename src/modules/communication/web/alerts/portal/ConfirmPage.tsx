import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Page } from '@web/components/Page';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { alertsApi, paths } from '../api';
import '../alerts.css';

/**
 * `/alertes/confirmer/:token`: the link of the confirmation mail. Confirming takes a click (a mail
 * scanner opening the link confirms nothing).
 */
export function ConfirmPage() {
  const { t } = useTranslation('communication');
  const token = useParams().token ?? '';
  const submission = useSubmission();
  const [manageToken, setManageToken] = useState<string | null>(null);

  return (
    <Page title={t('alerts.confirm.title')} lead={manageToken ? null : <p>{t('alerts.confirm.lead')}</p>} className="al-page">
      <ErrorSummary error={submission.error} />
      {manageToken ? (
        <>
          <StatusMessage tone="success">
            <span data-testid="confirmed">{t('alerts.confirm.done')}</span>
          </StatusMessage>
          <p>{t('alerts.confirm.manageText')}</p>
          <p>
            <Link to={paths.manage(manageToken)}>{t('alerts.confirm.manageLink')}</Link>
          </p>
        </>
      ) : (
        <button
          type="button"
          className="button button-primary"
          disabled={submission.pending}
          onClick={() =>
            submission.submit(async () => {
              setManageToken((await alertsApi.confirm(token)).manageToken);
            })
          }
        >
          {t('alerts.confirm.submit')}
        </button>
      )}
    </Page>
  );
}
