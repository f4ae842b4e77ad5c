import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Page } from '@web/components/Page';
import { useSubmission } from '@web/components/useSubmission';
import { paths, portalApi } from '../api';
import '../participation.css';

/**
 * `/participation/confirmer/:token`: the link of the confirmation e-mail. The resident presses a
 * button rather than the page confirming on load, so that a mail filter opening links by itself
 * confirms nothing.
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation('participation');
  const { token = '' } = useParams();
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const { pending, error, submit } = useSubmission();
  const wellFormed = /^[A-Za-z0-9_-]{1,100}$/.test(token);
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The button that had focus is gone: the outcome takes it.
    if (confirmed) done.current?.focus();
  }, [confirmed]);
  return (
    <Page title={t('confirm.title')} className="pa-page">
      {confirmed ? (
        <div ref={done} tabIndex={-1} className="card" role="status" data-testid="email-confirmed">
          <p>
            <strong>{t('confirm.done')}</strong>
          </p>
          <p>
            <Link to={paths.consultation(confirmed)}>{t('confirm.back')}</Link>
          </p>
        </div>
      ) : !wellFormed ? (
        <p>{t('confirm.invalid')}</p>
      ) : (
        <>
          <p>{t('confirm.intro')}</p>
          <ErrorSummary error={error} />
          <Button
            className="button button-primary pa-big-button"
            isDisabled={pending}
            
            onPress={() =>
              submit(async () => {
                const result = await portalApi.confirmEmail(token);
                setConfirmed(result.consultationId);
              })
            }
          >
            {t('confirm.button')}
          </Button>
        </>
      )}
      <p className="pa-back">
        <Link to={paths.list}>{t('portal.backToList')}</Link>
      </p>
    </Page>
  );
}
