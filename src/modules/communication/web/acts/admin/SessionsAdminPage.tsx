import { useEffect, useId, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, paths, refusedScdl, type ScdlDeviationView, type ScdlProblemView, type ScdlReport } from '../api';
import { formatDate } from '../shared';
import '../acts.css';
import { TableWrap } from '@web/components/TableWrap';

/** `/admin/deliberations`: the council's sessions, the form that creates one, and the SCDL table import. */
export function SessionsAdminPage() {
  const { t, i18n } = useTranslation('communication');
  const sessions = useResource(() => adminApi.sessions(), []);
  const { data, error } = sessions;
  return (
    <Page title={t('acts.admin.title')} lead={<p>{t('acts.admin.intro')}</p>} className="acts-page">
      <p>
        <Link to={paths.list}>{t('acts.admin.publicPage')}</Link>
      </p>
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('acts.admin.none')}</p> : null}
      {data && data.items.length > 0 ? (
        <TableWrap label={t('acts.admin.sessions')}>
          <table className="table table-stack" data-testid="admin-sessions">
            <caption className="visually-hidden">{t('acts.admin.sessions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acts.admin.sessionColumn')}</th>
                <th scope="col">{t('acts.admin.acts')}</th>
                <th scope="col">{t('acts.admin.published')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={paths.admin.session(s.id)}>{t('acts.portal.session', { body: s.body, date: formatDate(s.date, i18n.language) })}</Link>
                    {s.demo ? <span className="small"> ({t('acts.admin.demo')})</span> : null}
                  </th>
                  <td data-label={t('acts.admin.acts')}>{s.acts}</td>
                  <td data-label={t('acts.admin.published')}>{s.published}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <CreateSession />
      <ImportScdl onImported={sessions.reload} />
    </Page>
  );
}

function CreateSession() {
  const { t } = useTranslation('communication');
  const navigate = useNavigate();
  const { pending, error, submit } = useSubmission();
  const [date, setDate] = useState('');
  const [body, setBody] = useState(t('acts.admin.defaultBody'));
  const [place, setPlace] = useState('');
  const fieldErrors = fieldErrorsOf(t, error);
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    submit(async () => {
      const created = await adminApi.createSession({ date, body, ...(place.trim() ? { place } : {}) });
      navigate(paths.admin.session(created.id));
    });
  };
  return (
    <section className="section" aria-labelledby="acts-create-title">
      <h2 id="acts-create-title">{t('acts.admin.create.title')}</h2>
      <Form className="form card" onSubmit={onSubmit} validationErrors={fieldErrors}>
        <ErrorSummary error={error} fieldErrors={fieldErrors} />
        <TextInput label={t('acts.admin.create.date')} name="date" type="date" value={date} onChange={setDate} isRequired />
        <TextInput label={t('acts.admin.create.body')} description={t('acts.admin.create.bodyHelp')} name="body" value={body} onChange={setBody} isRequired maxLength={120} />
        <TextInput label={t('acts.admin.create.place')} name="place" value={place} onChange={setPlace} maxLength={200} />
        <div>
          <Button type="submit" className="button button-primary" isDisabled={pending}>
            {t('acts.admin.create.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function ImportScdl({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('communication');
  const inputId = useId();
  const helpId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ScdlReport | null>(null);
  const { pending, error, submit } = useSubmission();
  const refused = refusedScdl(error);
  const run = () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setReport(null);
    submit(async () => {
      setReport(await adminApi.importScdl(form));
      onImported();
    });
  };
  return (
    <section className="section" aria-labelledby="acts-scdl-title">
      <h2 id="acts-scdl-title">{t('acts.admin.scdl.title')}</h2>
      <div className="form card">
        <ErrorSummary error={error} />
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {t('acts.admin.scdl.file')}
          </label>
          <p id={helpId} className="field-description">
            {t('acts.admin.scdl.help')}
          </p>
          <input id={inputId} type="file" className="field-input" accept=".csv,text/csv" aria-describedby={helpId} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div>
          <Button className="button button-primary" onPress={run} isDisabled={pending || !file}>
            {t('acts.admin.scdl.import')}
          </Button>
        </div>
      </div>
      {report ? <ScdlReportView title={t('acts.admin.scdl.imported', { count: report.imported, sessions: report.sessions.length })} deviations={report.deviations} problems={[]} /> : null}
      {refused ? <ScdlReportView title={t('acts.admin.scdl.refused')} deviations={refused.deviations} problems={refused.problems} /> : null}
    </section>
  );
}

function ScdlReportView({ title, deviations, problems }: { title: string; deviations: ScdlDeviationView[]; problems: ScdlProblemView[] }) {
  const { t } = useTranslation('communication');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <div className="card" data-testid="scdl-report">
      <h3 ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {problems.length ? (
        <TableWrap label={t('acts.admin.scdl.problems', { count: problems.length })}>
          <table className="table" data-testid="scdl-problems">
            <caption>{t('acts.admin.scdl.problems', { count: problems.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acts.admin.scdl.line')}</th>
                <th scope="col">{t('acts.admin.scdl.column')}</th>
                <th scope="col">{t('acts.admin.scdl.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <th scope="row">{p.line}</th>
                  <td>{p.column ?? '—'}</td>
                  <td>{t(`acts.admin.scdl.problemCodes.${p.code}`, { value: p.value ?? '' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {deviations.length ? (
        <>
          <h4>{t('acts.admin.scdl.deviations')}</h4>
          <ul data-testid="scdl-deviations">
            {deviations.map((d, i) => (
              <li key={i}>
                {t(`acts.admin.scdl.deviationCodes.${d.code}`, d.code === 'date_format' ? { found: t(`acts.admin.scdl.dateFormats.${d.found}`), expected: t(`acts.admin.scdl.dateFormats.${d.expected ?? 'iso'}`) } : { found: d.found, expected: d.expected ?? '' })}
                {d.lines?.length ? ` ${t('acts.admin.scdl.lines', { lines: d.lines.join(', ') })}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
