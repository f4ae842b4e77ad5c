import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/fields';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useSubmission } from '../components/useSubmission';
import { fieldErrorsOf } from '../components/problem';
import { StatusMessage } from '../components/StatusMessage';
import { AdminFrame } from './AdminLayout';
import { useAuth } from './AuthContext';
import { safeReturnPath } from './guards';

export function LoginPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { pending, error, submit } = useSubmission();
  const returnTo = safeReturnPath(params.get('retour'));

  if (auth.state.status === 'loading') {
    return (
      <AdminFrame>
        <Loading />
      </AdminFrame>
    );
  }
  if (auth.state.status === 'authenticated' && !pending) return <Navigate to={returnTo} replace />;

  const fieldErrors = fieldErrorsOf(t, error);
  return (
    <AdminFrame>
      <Page title={t('login.title')} className="login-page" lead={<p>{t('login.intro')}</p>}>
        {params.get('expire') === '1' && !error ? <StatusMessage tone="warning">{t('login.expired')}</StatusMessage> : null}
        <ErrorSummary
          error={error}
          fieldErrors={fieldErrors}
          fieldLabels={{ email: t('login.email'), password: t('login.password') }}
        />
        <Form
          className="form card"
          validationErrors={fieldErrors}
          onSubmit={(e) => {
            e.preventDefault();
            submit(() =>
              auth
                .login(email.trim(), password)
                .then(() => navigate(returnTo, { replace: true })),
              { onError: () => setPassword('') },
            );
          }}
        >
          <TextInput
            label={t('login.email')}
            name="email"
            type="email"
            autoComplete="username"
            isRequired
            value={email}
            onChange={setEmail}
          />
          <TextInput
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            isRequired
            value={password}
            onChange={setPassword}
          />
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {pending ? t('login.pending') : t('login.submit')}
            </Button>
          </div>
        </Form>
        <p className="login-help">{t('login.help')}</p>
      </Page>
    </AdminFrame>
  );
}
