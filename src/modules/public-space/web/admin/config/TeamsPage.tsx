import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, TEAM_KINDS, type Team } from '../../api';
import { TableWrap } from '@web/components/TableWrap';
import { ConfigNav } from './ConfigNav';
import { CheckField, NativeSelect } from './fields';
import '../../public-space.css';

type Draft = { code: string; name: string; kind: Team['kind']; email: string; active: boolean };
const EMPTY: Draft = { code: '', name: '', kind: 'team', email: '', active: true };

/** `/admin/signalements/equipes`: the services, teams and contractors reports are assigned to; deactivated rather than deleted (reports keep their history). */
export function TeamsPage() {
  const { t } = useTranslation('public-space');
  const teams = useResource(() => adminApi.teams(), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<Team | null>(null);
  const [done, setDone] = useState('');
  const submission = useSubmission();
  const fieldErrors = fieldErrorsOf(t, submission.error);
  const labels = { code: t('teams.code'), name: t('teams.name'), kind: t('teams.kind'), email: t('teams.email') };
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const reset = () => {
    setEditing(null);
    setDraft(EMPTY);
  };

  const save = () =>
    submission.submit(async () => {
      setDone('');
      const body = { name: draft.name.trim(), kind: draft.kind, email: draft.email.trim() || null, active: draft.active };
      const saved = editing ? await adminApi.updateTeam(editing.id, body) : await adminApi.createTeam({ ...body, code: draft.code.trim() });
      setDone(editing ? t('teams.saved', { name: saved.name }) : t('teams.created', { name: saved.name }));
      reset();
      teams.reload();
    });

  return (
    <Page title={t('teams.title')} lead={<p>{t('teams.intro')}</p>} className="ps-page ps-admin">
      <ConfigNav />
      {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <section className="section" aria-labelledby="ps-team-form">
        <h2 id="ps-team-form" tabIndex={-1}>
          {editing ? t('teams.editTitle', { name: editing.name }) : t('teams.addTitle')}
        </h2>
        <Form
          className="form card"
          validationErrors={fieldErrors}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <div className="form-grid">
            {editing ? null : <TextInput label={labels.code} name="code" isRequired value={draft.code} onChange={(code) => set({ code })} description={t('teams.codeHelp')} />}
            <TextInput label={labels.name} name="name" isRequired value={draft.name} onChange={(name) => set({ name })} />
            <NativeSelect label={labels.kind} name="kind" value={draft.kind} onChange={(v) => set({ kind: v as Team['kind'] })}>
              {TEAM_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`teams.kinds.${k}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput label={labels.email} name="email" type="email" value={draft.email} onChange={(email) => set({ email })} description={t('teams.emailHelp')} />
          </div>
          <CheckField label={t('teams.active')} name="active" checked={draft.active} onChange={(active) => set({ active })} />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
              {editing ? t('teams.save') : t('teams.add')}
            </Button>
            {editing ? (
              <Button className="button button-subtle" onPress={reset}>
                {t('config.cancel')}
              </Button>
            ) : null}
          </div>
        </Form>
      </section>
      <section className="section" aria-labelledby="ps-team-list">
        <h2 id="ps-team-list">{t('teams.listTitle')}</h2>
        {teams.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, teams.error)}
          </p>
        ) : null}
        {!teams.data && !teams.error ? <Loading /> : null}
        {teams.data && teams.data.items.length === 0 ? <p>{t('teams.none')}</p> : null}
        {teams.data && teams.data.items.length > 0 ? (
          <TableWrap label={t('teams.listTitle')}>
            <table className="table table-stack" data-testid="teams-table">
              <caption className="visually-hidden">{t('teams.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{labels.name}</th>
                  <th scope="col">{labels.kind}</th>
                  <th scope="col">{labels.email}</th>
                  <th scope="col">{t('teams.state')}</th>
                  <th scope="col">{t('config.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {teams.data.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      {x.name} <code className="small">{x.code}</code>
                    </th>
                    <td data-label={labels.kind}>{t(`teams.kinds.${x.kind}`)}</td>
                    <td data-label={labels.email}>{x.email ?? '—'}</td>
                    <td data-label={t('teams.state')}>{x.active ? t('teams.activeState') : t('teams.inactiveState')}</td>
                    <td data-label={t('config.actions')}>
                      <Button
                        className="button button-small"
                        aria-label={t('teams.editLabel', { name: x.name })}
                        onPress={() => {
                          setEditing(x);
                          setDraft({ code: x.code, name: x.name, kind: x.kind, email: x.email ?? '', active: x.active });
                          document.getElementById('ps-team-form')?.focus();
                        }}
                      >
                        {t('teams.edit')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </section>
    </Page>
  );
}
