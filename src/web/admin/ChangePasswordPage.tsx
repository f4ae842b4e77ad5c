import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { ChangePasswordBody } from '../../modules/accounts/api-schemas';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { useSubmission } from '../components/useSubmission';
import { fieldErrorsOf } from '../components/problem';
import { StatusMessage } from '../components/StatusMessage';
import { useAuth } from './AuthContext';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const { error, submit } = useSubmission();
  const required = auth.state.status === 'authenticated' && auth.state.mustChangePassword;
  const fieldErrors = fieldErrorsOf(t, error);
  const set = (k: keyof typeof values) => (v: string) => setValues((prev) => ({ ...prev, [k]: v }));
  const mismatch = values.confirm.length > 0 && values.confirm !== values.newPassword;

  return (
    <Page title={t('password.title')} lead={<p>{t('password.intro')}</p>}>
      {required ? <StatusMessage tone="warning">{t('password.required')}</StatusMessage> : null}
      <ErrorSummary
        error={error}
        fieldErrors={fieldErrors}
        fieldLabels={{ currentPassword: t('password.current'), newPassword: t('password.new') }}
      />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (mismatch) return;
          submit(() =>
            api
              .post<null, ChangePasswordBody>('/api/auth/change-password', { currentPassword: values.currentPassword, newPassword: values.newPassword })
              // Changing the password ends the session: sign in again with the new one.
              .then(() => auth.login(auth.state.status === 'authenticated' ? auth.state.user.email : '', values.newPassword))
              .then(() => navigate('/admin', { replace: true }))
          );
        }}
      >
        <TextInput
          label={t('password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          isRequired
          value={values.currentPassword}
          onChange={set('currentPassword')}
        />
        <TextInput
          label={t('password.new')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          isRequired
          minLength={12}
          description={t('password.newHelp')}
          value={values.newPassword}
          onChange={set('newPassword')}
        />
        <TextInput
          label={t('password.confirm')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          isRequired
          value={values.confirm}
          onChange={set('confirm')}
          isInvalid={mismatch}
          validate={(v) => (v && v !== values.newPassword ? t('password.mismatch') : null)}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('password.submit')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
