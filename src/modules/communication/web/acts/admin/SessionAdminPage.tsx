import { useEffect, useId, useRef, useState } from 'react';
import { Button, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { SelectField } from '@web/components/SelectField';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, incompleteActs, paths, type AdminSession, type ImportFilesReport } from '../api';
import { formatDate, VoteLine } from '../shared';
import '../acts.css';
import { TableWrap } from '@web/components/TableWrap';

/** `/admin/deliberations/seances/:id`: a session's acts, the import of their files, and publication. */
export function SessionAdminPage() {
  const { t, i18n } = useTranslation('communication');
  const { id = '' } = useParams();
  const resource = useResource(() => adminApi.session(id), [id]);
  const { data, error } = resource;
  if (error) {
    return (
      <Page title={t('acts.admin.title')} className="acts-page">
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      </Page>
    );
  }
  if (!data) return <Loading />;
  const title = t('acts.portal.session', { body: data.body, date: formatDate(data.date, i18n.language) });
  return (
    <Page title={title} lead={data.place ? <p>{data.place}</p> : undefined} className="acts-page">
      <p>
        <Link to={paths.admin.sessions}>{t('acts.admin.back')}</Link>
      </p>
      <ActsTable session={data} />
      <Publish session={data} onPublished={resource.set} />
      <ImportFiles sessionId={data.id} onImported={resource.reload} />
    </Page>
  );
}

function ActsTable({ session }: { session: AdminSession }) {
  const { t } = useTranslation('communication');
  return (
    <section className="section" aria-labelledby="acts-list-title">
      <h2 id="acts-list-title">{t('acts.admin.session.acts', { count: session.acts.length })}</h2>
      {session.acts.length === 0 ? <p>{t('acts.admin.session.none')}</p> : null}
      {session.acts.length ? (
        <TableWrap label={t('acts.admin.session.acts', { count: session.acts.length })}>
          <table className="table table-stack" data-testid="admin-acts">
            <caption className="visually-hidden">{t('acts.admin.session.acts', { count: session.acts.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acts.admin.session.act')}</th>
                <th scope="col">{t('acts.admin.session.vote')}</th>
                <th scope="col">{t('acts.admin.session.text')}</th>
                <th scope="col">{t('acts.admin.session.status')}</th>
              </tr>
            </thead>
            <tbody>
              {session.acts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={paths.admin.act(a.id)}>{a.number ? t('acts.portal.numbered', { number: a.number, title: a.title }) : a.title}</Link>
                  </th>
                  <td data-label={t('acts.admin.session.vote')}>
                    <VoteLine act={a} t={t} />
                  </td>
                  <td data-label={t('acts.admin.session.text')}>{t(`acts.textStatus.${a.textStatus}`)}</td>
                  <td data-label={t('acts.admin.session.status')}>
                    {a.status === 'published' ? (
                      <Link to={paths.act(a.id)} className="tag tag-ok">
                        {t('acts.status.published')}
                      </Link>
                    ) : (
                      <span className="tag tag-muted">{t('acts.status.draft')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

function Publish({ session, onPublished }: { session: AdminSession; onPublished: (s: AdminSession) => void }) {
  const { t } = useTranslation('communication');
  const { pending, error, submit } = useSubmission();
  const drafts = session.acts.filter((a) => a.status === 'draft').length;
  const [done, setDone] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (!drafts && done === null) return null;
  const incomplete = incompleteActs(error);
  const publish = () => {
    setConfirming(false);
    submit(async () => {
      const s = await adminApi.publishSession(session.id);
      setDone(drafts);
      onPublished(s);
    });
  };
  return (
    <section className="section" aria-labelledby="acts-publish-title">
      <h2 id="acts-publish-title">{t('acts.admin.publish.title')}</h2>
      <div className="card">
        <ErrorSummary error={error} />
        {incomplete?.length ? (
          <div data-testid="publish-incomplete">
            <p>{t('acts.admin.publish.incomplete')}</p>
            <ul>
              {incomplete.map((a) => (
                <li key={a.id}>
                  <Link to={paths.admin.act(a.id)}>{a.number ? t('acts.portal.numbered', { number: a.number, title: a.title }) : a.title}</Link> —{' '}
                  {a.problems.map((p) => t(`acts.admin.publish.problems.${p}`)).join(' ; ')}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {done !== null ? (
          <p role="status" data-testid="publish-done">
            {t('acts.admin.publish.done', { count: done })}
          </p>
        ) : (
          <>
            <p>{t('acts.admin.publish.text', { count: drafts })}</p>
            <Button className="button button-primary" isDisabled={pending} onPress={() => setConfirming(true)}>
              {t('acts.admin.publish.submit', { count: drafts })}
            </Button>
          </>
        )}
      </div>
      <ConfirmPublish isOpen={confirming} count={drafts} onConfirm={publish} onClose={() => setConfirming(false)} />
    </section>
  );
}

/** The confirmation before a publication: it is permanent. */
export function ConfirmPublish({ isOpen, count, onConfirm, onClose }: { isOpen: boolean; count: number; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation('communication');
  return (
    <ModalDialog isOpen={isOpen} onClose={onClose} title={t('acts.admin.publish.confirmTitle')} role="alertdialog">
      <p>{t('acts.admin.publish.confirmText', { count })}</p>
      <div className="form-actions">
        <Button className="button button-primary" onPress={onConfirm} data-testid="confirm-publish">
          {t('acts.admin.publish.confirm')}
        </Button>
        <Button className="button button-subtle" onPress={onClose}>
          {t('acts.admin.publish.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}

function ImportFiles({ sessionId, onImported }: { sessionId: string; onImported: () => void }) {
  const { t, i18n } = useTranslation('communication');
  const inputId = useId();
  const helpId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [kind, setKind] = useState<Key | null>('deliberation');
  const [report, setReport] = useState<ImportFilesReport | null>(null);
  const { pending, error, submit } = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (report) heading.current?.focus();
  }, [report]);
  const run = () => {
    if (!files.length) return;
    const form = new FormData();
    form.append('kind', String(kind ?? 'deliberation'));
    for (const f of files) form.append('files', f);
    setReport(null);
    submit(async () => {
      setReport(await adminApi.importFiles(sessionId, form));
      onImported();
    });
  };
  return (
    <section className="section" aria-labelledby="acts-import-title">
      <h2 id="acts-import-title">{t('acts.admin.import.title')}</h2>
      <div className="form card">
        <ErrorSummary error={error} />
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {t('acts.admin.import.files')}
          </label>
          <p id={helpId} className="field-description">
            {t('acts.admin.import.help')}
          </p>
          <input
            id={inputId}
            type="file"
            multiple
            className="field-input"
            accept=".pdf,.docx,.md,.txt,application/pdf"
            aria-describedby={helpId}
            data-testid="acts-files"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
        <SelectField
          label={t('acts.admin.import.kind')}
          name="kind"
          value={kind}
          onChange={setKind}
          options={(['deliberation', 'minutes', 'decision', 'arrete'] as const).map((k) => ({ id: k, label: t(`acts.kind.${k}`) }))}
        />
        <div>
          <Button className="button button-primary" onPress={run} isDisabled={pending || !files.length}>
            {pending ? t('acts.admin.import.pending') : t('acts.admin.import.submit', { count: files.length })}
          </Button>
        </div>
      </div>
      {report ? (
        <div className="card" data-testid="import-report">
          <h3 ref={heading} tabIndex={-1}>
            {t('acts.admin.import.report')}
          </h3>
          <ul className="acts-results">
            {report.files.map((f, i) => (
              <li key={i} data-testid="import-result">
                <strong>{f.filename}</strong> — <span className={`tag ${f.status === 'summarised' ? 'tag-ok' : f.status === 'needs_ocr' ? 'tag-warning' : 'tag-danger'}`}>{t(`acts.admin.import.status.${f.status}`)}</span>
                {f.actId && f.title ? (
                  <>
                    {' '}
                    <Link to={paths.admin.act(f.actId)}>{f.title}</Link>
                  </>
                ) : null}
                {f.status === 'refused' ? <span> {f.code && i18n.exists(`communication:acts.admin.import.reasons.${f.code.replace(/\./g, '_')}`) ? t(`acts.admin.import.reasons.${f.code.replace(/\./g, '_')}`) : t('acts.admin.import.reasons.generic')}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
