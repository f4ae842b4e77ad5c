import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, type ApiKey, type ApiKeyCreated } from '../../api';
import { formatDate } from '../../shared/format';
import { TableWrap } from '@web/components/TableWrap';
import { ConfigNav } from './ConfigNav';
import '../../public-space.css';

/**
 * `/admin/signalements/cles-open311`: the keys Open311 clients POST reports with. A new key is
 * shown once (only its hash is kept); a key is revoked, never deleted, so the audit log still
 * names it.
 */
export function ApiKeysPage() {
  const { t, i18n } = useTranslation('public-space');
  const keys = useResource(() => adminApi.apiKeys(), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [confirm, setConfirm] = useState<ApiKey | null>(null);
  const [done, setDone] = useState('');
  const submission = useSubmission();
  const fieldErrors = fieldErrorsOf(t, submission.error);

  const issue = () =>
    submission.submit(async () => {
      setDone('');
      const key = await adminApi.createApiKey(name.trim());
      setCreated(key);
      setName('');
      keys.reload();
    });
  const revoke = (key: ApiKey) => {
    setConfirm(null);
    submission.submit(async () => {
      setCreated(null);
      await adminApi.revokeApiKey(key.id);
      setDone(t('apiKeys.revoked', { name: key.name }));
      keys.reload();
    });
  };

  return (
    <Page title={t('apiKeys.title')} lead={<p>{t('apiKeys.intro')}</p>} className="ps-page ps-admin">
      <ConfigNav />
      {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={{ name: t('apiKeys.name') }} />
      {created ? (
        <section className="card section ps-new-key" aria-labelledby="ps-new-key" data-testid="new-key">
          <h2 id="ps-new-key">{t('apiKeys.createdTitle', { name: created.name })}</h2>
          <p>{t('apiKeys.createdText')}</p>
          <p>
            <code className="ps-key" data-testid="new-key-value">
              {created.key}
            </code>
          </p>
          <Button className="button" onPress={() => void navigator.clipboard?.writeText(created.key).then(() => setDone(t('apiKeys.copied')), () => {})}>
            {t('apiKeys.copy')}
          </Button>
        </section>
      ) : null}
      <section className="section" aria-labelledby="ps-key-form">
        <h2 id="ps-key-form">{t('apiKeys.issueTitle')}</h2>
        <Form
          className="form card"
          validationErrors={fieldErrors}
          onSubmit={(e) => {
            e.preventDefault();
            issue();
          }}
        >
          <TextInput label={t('apiKeys.name')} name="name" isRequired value={name} onChange={setName} description={t('apiKeys.nameHelp')} />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
              {t('apiKeys.issue')}
            </Button>
          </div>
        </Form>
      </section>
      <section className="section" aria-labelledby="ps-key-list">
        <h2 id="ps-key-list">{t('apiKeys.listTitle')}</h2>
        {keys.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, keys.error)}
          </p>
        ) : null}
        {!keys.data && !keys.error ? <Loading /> : null}
        {keys.data && keys.data.items.length === 0 ? <p>{t('apiKeys.none')}</p> : null}
        {keys.data && keys.data.items.length > 0 ? (
          <TableWrap label={t('apiKeys.listTitle')}>
            <table className="table table-stack" data-testid="api-keys-table">
              <caption className="visually-hidden">{t('apiKeys.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('apiKeys.name')}</th>
                  <th scope="col">{t('apiKeys.prefix')}</th>
                  <th scope="col">{t('apiKeys.createdAt')}</th>
                  <th scope="col">{t('apiKeys.lastUsedAt')}</th>
                  <th scope="col">{t('apiKeys.state')}</th>
                  <th scope="col">{t('config.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td data-label={t('apiKeys.prefix')}>
                      <code>{k.prefix}…</code>
                    </td>
                    <td data-label={t('apiKeys.createdAt')}>{formatDate(i18n.language, k.createdAt)}</td>
                    <td data-label={t('apiKeys.lastUsedAt')}>{k.lastUsedAt ? formatDate(i18n.language, k.lastUsedAt, true) : t('apiKeys.neverUsed')}</td>
                    <td data-label={t('apiKeys.state')}>{k.revokedAt ? t('apiKeys.revokedOn', { date: formatDate(i18n.language, k.revokedAt) }) : t('apiKeys.active')}</td>
                    <td data-label={t('config.actions')}>
                      {k.revokedAt ? (
                        '—'
                      ) : (
                        <Button className="button button-small button-danger" aria-label={t('apiKeys.revokeLabel', { name: k.name })} onPress={() => setConfirm(k)}>
                          {t('apiKeys.revoke')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </section>
      <ModalDialog isOpen={confirm !== null} onClose={() => setConfirm(null)} title={t('apiKeys.confirmTitle')} role="alertdialog">
        <p>{t('apiKeys.confirmText', { name: confirm?.name ?? '' })}</p>
        <div className="form-actions">
          <Button className="button button-danger-strong" onPress={() => confirm && revoke(confirm)}>
            {t('apiKeys.revoke')}
          </Button>
          <Button className="button button-subtle" onPress={() => setConfirm(null)}>
            {t('config.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </Page>
  );
}
