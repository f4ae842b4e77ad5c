import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, refusedImportReport, type ImportReport } from '../api';
import { Check } from '../shared/Choices';
import { formatDate } from '../shared/format';
import { useResource } from '@web/components/useResource';
import { AdminConsultationNav } from './AdminConsultationNav';
import '../participation.css';
import { TableWrap } from '@web/components/TableWrap';

type Kind = 'polis' | 'survey' | 'interview';

/**
 * `/admin/participation/:id/import`: bring in what was said elsewhere — a Pol.is conversation
 * (its three open-data files), a survey export (upload, preview, pick the open questions, see the
 * problems line by line, import the valid rows) or interview transcripts. Each import can be
 * checked first without importing anything.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation('participation');
  const { id = '' } = useParams();
  const consultation = useResource(() => adminApi.consultation(id), [id]);
  const history = useResource(() => adminApi.imports(id), [id]);
  const c = consultation.data;
  const onImported = () => {
    history.reload();
    consultation.reload();
  };
  return (
    <Page title={t('admin.import.title')} lead={c ? <p>{c.title}</p> : null} className="pa-page pa-admin">
      {c ? <AdminConsultationNav consultation={c} /> : null}
      <p>{t('admin.import.intro')}</p>
      <PolisImport consultationId={id} onImported={onImported} />
      <SurveyImport consultationId={id} onImported={onImported} />
      <InterviewImport consultationId={id} onImported={onImported} />
      <section className="section" aria-labelledby="pa-history-title">
        <h2 id="pa-history-title">{t('admin.import.history')}</h2>
        {history.error ? <p role="alert">{problemMessage(t, history.error)}</p> : null}
        {history.data && history.data.items.length === 0 ? <p>{t('admin.import.noHistory')}</p> : null}
        {history.data && history.data.items.length > 0 ? (
          <TableWrap label={t('admin.import.history')}>
            <table className="table table-stack" data-testid="import-history">
              <caption className="visually-hidden">{t('admin.import.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.file')}</th>
                  <th scope="col">{t('admin.import.kind')}</th>
                  <th scope="col">{t('admin.import.date')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{item.filename}</th>
                    <td data-label={t('admin.import.kind')}>{t(`admin.import.kinds.${item.kind}`)}</td>
                    <td data-label={t('admin.import.date')}>{formatDate(i18n.language, item.createdAt, true)}</td>
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

/** A labelled native file input (a phone opens its file picker; the label names it for everyone). */
function FileField({ label, description, accept, name, onFile, required }: { label: string; description?: string; accept: string; name: string; onFile(file: File | null): void; required?: boolean }) {
  const inputId = useId();
  const descId = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      {description ? (
        <p id={descId} className="field-description">
          {description}
        </p>
      ) : null}
      <input
        id={inputId}
        name={name}
        type="file"
        accept={accept}
        required={required}
        className="field-input pa-file"
        aria-describedby={description ? descId : undefined}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
    </div>
  );
}

/** The outcome of an import or a check: counts, and every problem with its file, line and column. */
function ReportView({ report, canImportValid, onImportValid }: { report: ImportReport; canImportValid: boolean; onImportValid(): void }) {
  const { t } = useTranslation('participation');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [report]);
  const counts = (Object.keys(report.counts) as (keyof ImportReport['counts'])[]).filter((k) => report.counts[k] > 0);
  return (
    <div className="card pa-report" data-testid="import-report">
      <h3 ref={heading} tabIndex={-1}>
        {report.imported ? t('admin.import.imported', { file: report.filename }) : t('admin.import.checked', { file: report.filename })}
      </h3>
      <p>
        {t('admin.import.rowsRead', { count: report.rows })}
        {counts.length > 0 ? ` ${t(report.imported ? 'admin.import.countsImported' : 'admin.import.countsWould', { list: counts.map((k) => t(`admin.import.counts.${k}`, { count: report.counts[k] })).join(', ') })}` : ''}
      </p>
      {report.problems.length === 0 ? (
        <p>{t('admin.import.noProblem')}</p>
      ) : (
        <>
          <TableWrap label={t('admin.import.problems', { count: report.problems.length })} className="pa-scroll-table">
            <table className="table" data-testid="import-problems">
              <caption>{t('admin.import.problems', { count: report.problems.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.line')}</th>
                  <th scope="col">{t('admin.import.file')}</th>
                  <th scope="col">{t('admin.import.column')}</th>
                  <th scope="col">{t('admin.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">{p.line}</th>
                    <td>{p.file ?? '—'}</td>
                    <td>{p.column ?? '—'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {canImportValid ? (
            <>
              <p>{t('admin.import.validRowsHelp')}</p>
              <Button className="button button-primary" onPress={onImportValid}>
                {t('admin.import.importValid')}
              </Button>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

/** Sends one import and keeps its report, including the one a refusal for malformed rows carries. */
function useImport(consultationId: string, kind: Kind, onImported: () => void) {
  const submission = useSubmission();
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = (build: () => FormData | null, options: { dryRun?: boolean; importValidRows?: boolean } = {}) => {
    const form = build();
    if (!form) return;
    if (options.dryRun) form.set('dryRun', 'true');
    if (options.importValidRows) form.set('importValidRows', 'true');
    setReport(null);
    submission.submit(async () => {
      const result = await adminApi.importFiles(consultationId, kind, form);
      if (result) setReport(result);
      if (result?.imported) onImported();
    });
  };
  const refused = refusedImportReport(submission.error);
  return { ...submission, report: report ?? refused, refused: refused !== null, run };
}

function PolisImport({ consultationId, onImported }: { consultationId: string; onImported(): void }) {
  const { t } = useTranslation('participation');
  const [files, setFiles] = useState<{ comments: File | null; votes: File | null; participantsVotes: File | null }>({ comments: null, votes: null, participantsVotes: null });
  const imp = useImport(consultationId, 'polis', onImported);
  const build = () => {
    if (!files.comments) return null;
    const form = new FormData();
    form.append('comments', files.comments);
    if (files.votes) form.append('votes', files.votes);
    if (files.participantsVotes) form.append('participantsVotes', files.participantsVotes);
    return form;
  };
  return (
    <section className="section" aria-labelledby="pa-polis-title" data-testid="polis-import">
      <h2 id="pa-polis-title">{t('admin.import.polis.title')}</h2>
      <p>{t('admin.import.polis.intro')}</p>
      <div className="form card">
        <ErrorSummary error={imp.refused ? null : imp.error} />
        <FileField label={t('admin.import.polis.comments')} name="comments" accept=".csv,text/csv" required onFile={(f) => setFiles({ ...files, comments: f })} />
        <FileField label={t('admin.import.polis.votes')} name="votes" accept=".csv,text/csv" onFile={(f) => setFiles({ ...files, votes: f })} />
        <FileField label={t('admin.import.polis.participantsVotes')} name="participantsVotes" accept=".csv,text/csv" onFile={(f) => setFiles({ ...files, participantsVotes: f })} />
        <p className="small">{t('admin.import.polis.licence')}</p>
        <div className="form-actions">
          <Button className="button" isDisabled={!files.comments} onPress={() => imp.run(build, { dryRun: true })}>
            {t('admin.import.check')}
          </Button>
          <Button className="button button-primary" isDisabled={!files.comments} onPress={() => imp.run(build)}>
            {t('admin.import.import')}
          </Button>
        </div>
        {imp.pending ? <Loading /> : null}
        {imp.refused ? <p className="error-text">{problemMessage(t, imp.error)}</p> : null}
        {imp.report ? <ReportView report={imp.report} canImportValid={!imp.report.imported} onImportValid={() => imp.run(build, { importValidRows: true })} /> : null}
      </div>
    </section>
  );
}

function SurveyImport({ consultationId, onImported }: { consultationId: string; onImported(): void }) {
  const { t } = useTranslation('participation');
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState('');
  const [preview, setPreview] = useState<NonNullable<ImportReport['preview']> | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [districtColumn, setDistrictColumn] = useState('');
  const [ageBandColumn, setAgeBandColumn] = useState('');
  const previewing = useSubmission();
  const imp = useImport(consultationId, 'survey', onImported);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const districtId = useId();
  const ageId = useId();
  const sheetId = useId();

  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);

  const readPreview = (chosenSheet: string) => {
    if (!file) return;
    const form = new FormData();
    if (chosenSheet) form.append('sheet', chosenSheet);
    form.append('file', file);
    previewing.submit(async () => {
      const report = await adminApi.importFiles(consultationId, 'survey', form);
      setPreview(report?.preview ?? null);
      setColumns([]);
      setDistrictColumn('');
      setAgeBandColumn('');
    });
  };
  const build = () => {
    if (!file || columns.length === 0) return null;
    const form = new FormData();
    form.append('columns', JSON.stringify(columns));
    if (districtColumn) form.append('districtColumn', districtColumn);
    if (ageBandColumn) form.append('ageBandColumn', ageBandColumn);
    if (sheet) form.append('sheet', sheet);
    form.append('file', file);
    return form;
  };
  return (
    <section className="section" aria-labelledby="pa-survey-title" data-testid="survey-import">
      <h2 id="pa-survey-title">{t('admin.import.survey.title')}</h2>
      <p>{t('admin.import.survey.intro')}</p>
      <div className="form card">
        <h3>{t('admin.import.survey.step1')}</h3>
        <ErrorSummary error={previewing.error} />
        <FileField
          label={t('admin.import.survey.file')}
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          onFile={(f) => {
            setFile(f);
            setPreview(null);
            setSheet('');
          }}
        />
        <div className="form-actions">
          <Button className="button button-primary" isDisabled={!file} onPress={() => readPreview(sheet)}>
            {t('admin.import.survey.read')}
          </Button>
        </div>
        {previewing.pending ? <Loading /> : null}
        {preview ? (
          <>
            <h3 ref={previewHeading} tabIndex={-1}>
              {t('admin.import.survey.step2')}
            </h3>
            {preview.sheets.length > 1 ? (
              <div className="field">
                <label className="field-label" htmlFor={sheetId}>
                  {t('admin.import.survey.sheet')}
                </label>
                <select
                  id={sheetId}
                  className="field-input"
                  value={sheet || preview.sheets[0]}
                  onChange={(e) => {
                    setSheet(e.target.value);
                    readPreview(e.target.value);
                  }}
                >
                  {preview.sheets.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <TableWrap label={t('admin.import.survey.previewCaption', { count: preview.sample.length })} className="pa-scroll-table">
              <table className="table" data-testid="survey-preview">
                <caption>{t('admin.import.survey.previewCaption', { count: preview.sample.length })}</caption>
                <thead>
                  <tr>
                    {preview.header.map((h, i) => (
                      <th key={i} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, k) => (
                        <td key={k}>{cell.length > 120 ? `${cell.slice(0, 120)}…` : cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <div role="group" aria-labelledby="pa-survey-columns" className="pa-zone-checks" data-testid="survey-columns">
              <p id="pa-survey-columns" className="field-label">
                {t('admin.import.survey.columns')}
              </p>
              <p className="field-description">{t('admin.import.survey.columnsHelp')}</p>
              {preview.header.map((h) => (
                <Check key={h} isSelected={columns.includes(h)} onChange={(on) => setColumns(on ? [...columns, h] : columns.filter((x) => x !== h))}>
                  {h}
                </Check>
              ))}
            </div>
            <div className="form-grid">
              <div className="field">
                <label className="field-label" htmlFor={districtId}>
                  {t('admin.import.survey.districtColumn')}
                </label>
                <select id={districtId} className="field-input" value={districtColumn} onChange={(e) => setDistrictColumn(e.target.value)}>
                  <option value="">{t('admin.import.survey.noColumn')}</option>
                  {preview.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field-label" htmlFor={ageId}>
                  {t('admin.import.survey.ageBandColumn')}
                </label>
                <select id={ageId} className="field-input" value={ageBandColumn} onChange={(e) => setAgeBandColumn(e.target.value)}>
                  <option value="">{t('admin.import.survey.noColumn')}</option>
                  {preview.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <ErrorSummary error={imp.refused ? null : imp.error} />
            <div className="form-actions">
              <Button className="button" isDisabled={columns.length === 0} onPress={() => imp.run(build, { dryRun: true })}>
                {t('admin.import.check')}
              </Button>
              <Button className="button button-primary" isDisabled={columns.length === 0} onPress={() => imp.run(build)}>
                {t('admin.import.import')}
              </Button>
            </div>
            {imp.pending ? <Loading /> : null}
        {imp.refused ? <p className="error-text">{problemMessage(t, imp.error)}</p> : null}
            {imp.report ? <ReportView report={imp.report} canImportValid={!imp.report.imported} onImportValid={() => imp.run(build, { importValidRows: true })} /> : null}
          </>
        ) : null}
      </div>
    </section>
  );
}

function InterviewImport({ consultationId, onImported }: { consultationId: string; onImported(): void }) {
  const { t } = useTranslation('participation');
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState('');
  const imp = useImport(consultationId, 'interview', onImported);
  const build = () => {
    if (!file) return null;
    const form = new FormData();
    const speakers = skip
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (speakers.length) form.append('skipSpeakers', JSON.stringify(speakers));
    form.append('file', file);
    return form;
  };
  return (
    <section className="section" aria-labelledby="pa-interview-title" data-testid="interview-import">
      <h2 id="pa-interview-title">{t('admin.import.interview.title')}</h2>
      <p>{t('admin.import.interview.intro')}</p>
      <div className="form card">
        <ErrorSummary error={imp.refused ? null : imp.error} />
        <FileField
          label={t('admin.import.interview.file')}
          name="file"
          accept=".txt,.md,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          required
          onFile={setFile}
        />
        <TextInput label={t('admin.import.interview.skip')} description={t('admin.import.interview.skipHelp')} name="skipSpeakers" value={skip} onChange={setSkip} />
        <div className="form-actions">
          <Button className="button" isDisabled={!file} onPress={() => imp.run(build, { dryRun: true })}>
            {t('admin.import.check')}
          </Button>
          <Button className="button button-primary" isDisabled={!file} onPress={() => imp.run(build)}>
            {t('admin.import.import')}
          </Button>
        </div>
        {imp.pending ? <Loading /> : null}
        {imp.refused ? <p className="error-text">{problemMessage(t, imp.error)}</p> : null}
        {imp.report ? <ReportView report={imp.report} canImportValid={!imp.report.imported} onImportValid={() => imp.run(build, { importValidRows: true })} /> : null}
      </div>
    </section>
  );
}
