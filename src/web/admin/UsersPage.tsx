import { useCallback, useEffect, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type {
  CreateUserBody,
  ROLES as SERVER_ROLES,
  Role,
  TemporaryPassword,
  UserList,
  UserResponse,
  UserSummary as AdminUser,
} from '../../modules/accounts/api-schemas';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/fields';
import { SelectField } from '../components/SelectField';
import { Loading } from '../components/Loading';
import { ModalDialog } from '../components/Modal';
import { Page } from '../components/Page';
import { useSubmission } from '../components/useSubmission';
import { fieldErrorsOf, problemMessage } from '../components/problem';
import { StatusMessage } from '../components/StatusMessage';
import { useCurrentUser } from './AuthContext';

/** The roles offered, in this order; the server's list is the type, so a role added there breaks this build. */
const ROLES: typeof SERVER_ROLES = ['admin', 'agent', 'moderator', 'analyst'];

type PendingAction = { kind: 'deactivate' | 'reset'; user: AdminUser } | null;

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<PendingAction>(null);
  const [temporary, setTemporary] = useState<{ user: AdminUser; password: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setUsers((await api.get<UserList>('/api/admin/users')).users);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (fn: () => Promise<void>) => {
    setActionError(null);
    setStatus(null);
    try {
      await fn();
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const reactivate = (u: AdminUser) =>
    run(async () => {
      await api.post(`/api/admin/users/${encodeURIComponent(u.id)}/reactivate`, {});
      setStatus(t('users.reactivated', { name: u.displayName }));
    });

  const liftThrottle = (u: AdminUser) =>
    run(async () => {
      await api.post(`/api/admin/users/${encodeURIComponent(u.id)}/unlock`, {});
      setStatus(t('users.unthrottled', { name: u.displayName }));
    });

  const confirmAction = () => {
    if (!confirm) return;
    const { kind, user } = confirm;
    setConfirm(null);
    void run(async () => {
      if (kind === 'deactivate') {
        await api.post(`/api/admin/users/${encodeURIComponent(user.id)}/deactivate`, {});
        setStatus(t('users.deactivated', { name: user.displayName }));
      } else {
        const res = await api.post<TemporaryPassword>(
          `/api/admin/users/${encodeURIComponent(user.id)}/reset-password`,
          {},
        );
        setTemporary({ user, password: res.temporaryPassword });
      }
    });
  };

  return (
    <Page title={t('users.title')} lead={<p>{t('users.intro')}</p>}>
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      {actionError ? <ErrorSummary error={actionError} /> : null}

      <section aria-labelledby="users-list-title" className="section">
        <h2 id="users-list-title">{t('users.listTitle')}</h2>
        {loadError ? <p className="error-text">{problemMessage(t, loadError)}</p> : null}
        {!users && !loadError ? <Loading /> : null}
        {users && (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="users-table">
              <caption className="visually-hidden">{t('users.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.fields.displayName')}</th>
                  <th scope="col">{t('users.fields.email')}</th>
                  <th scope="col">{t('users.fields.role')}</th>
                  <th scope="col">{t('users.fields.status')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => {
                  const active = u.active;
                  const self = u.id === me.id;
                  const throttled = !!u.throttledUntil && new Date(u.throttledUntil).getTime() > Date.now();
                  return (
                    <tr key={u.id}>
                      <th scope="row">{u.displayName}</th>
                      <td className="cell-email" data-label={t('users.fields.email')}>
                        {u.email}
                      </td>
                      <td data-label={t('users.fields.role')}>{t(`roles.${u.role}`, { defaultValue: u.role })}</td>
                      <td data-label={t('users.fields.status')}>
                        <span className={active ? 'tag tag-ok' : 'tag tag-muted'}>
                          {active ? t('users.active') : t('users.inactive')}
                        </span>
                        {throttled ? (
                          <span className="tag tag-warning">
                            {t('users.throttledUntil', {
                              time: new Date(u.throttledUntil!).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }),
                            })}
                          </span>
                        ) : null}
                      </td>
                      <td data-label={t('users.actions')}>
                        <div className="row-actions">
                          {active ? (
                            <Button
                              className="button button-small"
                              isDisabled={self}
                              aria-label={t('users.deactivateLabel', { name: u.displayName })}
                              onPress={() => setConfirm({ kind: 'deactivate', user: u })}
                            >
                              {t('users.deactivate')}
                            </Button>
                          ) : (
                            <Button
                              className="button button-small"
                              aria-label={t('users.reactivateLabel', { name: u.displayName })}
                              onPress={() => void reactivate(u)}
                            >
                              {t('users.reactivate')}
                            </Button>
                          )}
                          {throttled ? (
                            <Button
                              className="button button-small"
                              aria-label={t('users.unthrottleLabel', { name: u.displayName })}
                              onPress={() => void liftThrottle(u)}
                            >
                              {t('users.unthrottle')}
                            </Button>
                          ) : null}
                          <Button
                            className="button button-small"
                            aria-label={t('users.resetLabel', { name: u.displayName })}
                            onPress={() => setConfirm({ kind: 'reset', user: u })}
                          >
                            {t('users.reset')}
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CreateUserForm
        onCreated={(u) => {
          setStatus(t('users.created', { name: u.displayName }));
          void reload();
        }}
      />

      <ModalDialog
        isOpen={confirm !== null}
        onClose={() => setConfirm(null)}
        role="alertdialog"
        title={
          confirm?.kind === 'deactivate'
            ? t('users.confirmDeactivateTitle', { name: confirm.user.displayName })
            : t('users.confirmResetTitle', { name: confirm?.user.displayName ?? '' })
        }
      >
        <p>{confirm?.kind === 'deactivate' ? t('users.confirmDeactivateText') : t('users.confirmResetText')}</p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={confirmAction}>
            {confirm?.kind === 'deactivate' ? t('users.deactivate') : t('users.reset')}
          </Button>
          <Button className="button" onPress={() => setConfirm(null)}>
            {t('common.cancel')}
          </Button>
        </div>
      </ModalDialog>

      <ModalDialog
        isOpen={temporary !== null}
        onClose={() => setTemporary(null)}
        title={t('users.temporaryTitle', { name: temporary?.user.displayName ?? '' })}
      >
        <p>{t('users.temporaryText')}</p>
        <p className="secret" data-testid="temporary-password">
          <code>{temporary?.password}</code>
        </p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={() => setTemporary(null)}>
            {t('users.temporaryDone')}
          </Button>
        </div>
      </ModalDialog>
    </Page>
  );
}

function CreateUserForm({ onCreated }: { onCreated(u: AdminUser): void }) {
  const { t } = useTranslation();
  const empty = { email: '', displayName: '', password: '' };
  const [values, setValues] = useState(empty);
  const [role, setRole] = useState<Key | null>('agent');
  const { error, submit } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error);
  const set = (k: keyof typeof empty) => (v: string) => setValues((prev) => ({ ...prev, [k]: v }));

  return (
    <section aria-labelledby="users-create-title" className="section">
      <h2 id="users-create-title">{t('users.createTitle')}</h2>
      <ErrorSummary
        error={error}
        fieldErrors={fieldErrors}
        fieldLabels={{
          email: t('users.fields.email'),
          displayName: t('users.fields.displayName'),
          role: t('users.fields.role'),
          password: t('users.fields.password'),
        }}
      />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          submit(() =>
            api
              .post<UserResponse, CreateUserBody>('/api/admin/users', {
                email: values.email.trim(),
                displayName: values.displayName.trim(),
                role: (role ?? 'agent') as Role,
                password: values.password,
              })
              .then(({ user }) => {
                setValues(empty);
                setRole('agent');
                onCreated(user);
              })
          );
        }}
      >
        <div className="form-grid">
          <TextInput label={t('users.fields.displayName')} name="displayName" isRequired value={values.displayName} onChange={set('displayName')} autoComplete="off" />
          <TextInput label={t('users.fields.email')} name="email" type="email" isRequired value={values.email} onChange={set('email')} autoComplete="off" />
          <SelectField
            label={t('users.fields.role')}
            name="role"
            value={role}
            onChange={setRole}
            isRequired
            description={t(`roles.describe.${String(role ?? 'agent')}`)}
            options={ROLES.map((r) => ({ id: r, label: t(`roles.${r}`) }))}
          />
          <TextInput
            label={t('users.fields.password')}
            name="password"
            type="password"
            isRequired
            minLength={12}
            value={values.password}
            onChange={set('password')}
            autoComplete="new-password"
            description={t('users.passwordHelp')}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('users.create')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
