import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField, type Key } from 'react-aria-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '@web/api/client';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { SelectField } from '@web/components/SelectField';
import { Page } from '@web/components/Page';
import { useSubmission } from '@web/components/useSubmission';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { useAuth } from '@web/admin/AuthContext';
import { Loading } from '@web/components/Loading';
import type { CrawlBody, UploadFormat, UploadPolicy } from '../../knowledge/api-schemas';
import { DOCUMENT_TYPES, type ImportAccepted, type JobAccepted, type JobList, type UploadAccepted } from './api';
import { JobError, JobProgress } from './JobProgress';
import './assistant-admin.css';

/** What the file picker offers for each kind of document the server reads (it decides by the content). */
const PICKER_TYPES: Record<UploadFormat, string[]> = {
  pdf: ['.pdf', 'application/pdf'],
  docx: ['.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  html: ['.html', '.htm', 'text/html'],
  markdown: ['.md', '.markdown', 'text/markdown'],
  text: ['.txt', 'text/plain'],
};
const ALL_FORMATS = Object.keys(PICKER_TYPES) as UploadFormat[];

async function uploadFile(form: FormData): Promise<UploadAccepted> {
  return api.upload<UploadAccepted>('/api/admin/assistant/documents/upload', form);
}

/** The refusals that are about the file itself: shown on the file field. */
function isFileRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    (error.code.startsWith('file.') || ['knowledge.pdf_needs_ocr', 'knowledge.empty_document', 'knowledge.file_missing', 'knowledge.file_empty'].includes(error.code))
  );
}

function useUploadPolicy(): UploadPolicy | null {
  const [policy, setPolicy] = useState<UploadPolicy | null>(null);
  useEffect(() => {
    // Without it the page still works: it names the formats it knows and no size.
    api.get<UploadPolicy>('/api/admin/assistant/documents/upload-policy').then(setPolicy, () => setPolicy(null));
  }, []);
  return policy;
}

function useStatusOptions() {
  const { t } = useTranslation('assistant');
  const { can } = useAuth();
  return [
    { id: 'draft', label: t('admin.import.asDraft') },
    ...(can('assistant.documents.validate') ? [{ id: 'validated', label: t('admin.import.asValidated') }] : []),
  ];
}

export function ImportPage() {
  const { t } = useTranslation('assistant');
  const [recent, setRecent] = useState<JobList['jobs']>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.get<JobList>('/api/admin/assistant/jobs', { query: { limit: 10 } }).then((r) => setRecent(r.jobs), () => setRecent([]));
  }, [version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Page title={t('admin.import.title')} lead={<p>{t('admin.import.intro')}</p>}>
      <p>
        <Link to="/admin/assistant/documents">{t('admin.edit.back')}</Link>
      </p>
      <UploadSection onFinished={refresh} />
      <BulkSection onFinished={refresh} />
      <CrawlSection onFinished={refresh} />
      <section className="section" aria-labelledby="recent-jobs-title">
        <h2 id="recent-jobs-title">{t('admin.import.recent')}</h2>
        {recent.length === 0 ? (
          <p>{t('admin.import.noJobs')}</p>
        ) : (
          <ul className="job-list">
            {recent.map((j) => (
              <li key={j.id}>
                <span className="mono">#{j.id}</span> {t(`admin.jobs.kinds.${j.kind}`, { defaultValue: j.kind })} —{' '}
                <strong>{t(`admin.jobs.status.${j.status}`)}</strong>
                {j.error ? (
                  <span className="error-text">
                    {' '}
                    <JobError error={j.error} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function UploadSection({ onFinished }: { onFinished(): void }) {
  const { t, i18n } = useTranslation('assistant');
  const statusOptions = useStatusOptions();
  const fileInput = useRef<HTMLInputElement>(null);
  const policy = useUploadPolicy();
  const [meta, setMeta] = useState({ title: '', type: 'page', service: '', status: 'draft' });
  const { pending, error, submit } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  const formats = policy?.formats ?? ALL_FORMATS;
  const accept = formats.flatMap((f) => PICKER_TYPES[f]).join(',');
  const formatNames = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(formats.map((f) => t(`admin.import.formats.${f}`)));
  const megabytes = policy ? new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(policy.maxBytes / 1_048_576) : null;
  const fileError = isFileRefusal(error) ? fileRefusalMessage(t, error) : null;
  const describedBy = ['upload-file-help', fileError ? 'upload-file-error' : null].filter(Boolean).join(' ');
  return (
    <section className="section" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('admin.import.uploadTitle')}</h2>
      <p>{t('admin.import.uploadHelp')}</p>
      {/* A refusal of the file is said on the file field (and read out at once); anything else above the form. */}
      {fileError ? null : <ErrorSummary error={error} fieldErrors={fieldErrors} />}
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          const file = fileInput.current?.files?.[0];
          if (!file) return;
          const form = new FormData();
          if (meta.title.trim()) form.set('title', meta.title.trim());
          form.set('type', meta.type);
          if (meta.service.trim()) form.set('service', meta.service.trim());
          form.set('status', meta.status);
          form.set('file', file, file.name);
          submit(() => {
            setJobId(null);
            return uploadFile(form).then((r) => setJobId(r.jobId));
          });
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor="upload-file">
            {t('admin.import.file')}
          </label>
          <p className="field-description" id="upload-file-help">
            {megabytes ? t('admin.import.fileHelpWithSize', { formats: formatNames, size: megabytes }) : t('admin.import.fileHelp', { formats: formatNames })}
          </p>
          <input
            id="upload-file"
            ref={fileInput}
            className="field-input"
            type="file"
            accept={accept}
            required
            aria-describedby={describedBy}
            aria-invalid={fileError ? true : undefined}
          />
          {fileError ? (
            <p className="field-error" id="upload-file-error" role="alert" data-testid="upload-file-error">
              {fileError}
            </p>
          ) : null}
        </div>
        <div className="form-grid">
          <TextInput label={t('admin.edit.title')} description={t('admin.import.titleHelp')} name="title" value={meta.title} onChange={(title) => setMeta({ ...meta, title })} />
          <SelectField
            label={t('admin.documents.type')}
            name="type"
            value={meta.type}
            onChange={(v: Key | null) => setMeta({ ...meta, type: String(v ?? 'page') })}
            options={DOCUMENT_TYPES.map((ty) => ({ id: ty, label: t(`types.${ty}`) }))}
          />
          <TextInput label={t('admin.documents.service')} name="service" value={meta.service} onChange={(service) => setMeta({ ...meta, service })} />
          <SelectField
            label={t('admin.import.statusLabel')}
            name="status"
            value={meta.status}
            onChange={(v: Key | null) => setMeta({ ...meta, status: String(v ?? 'draft') })}
            options={statusOptions}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('admin.import.uploadSubmit')}
          </Button>
        </div>
        {/* The file is read on the server before the answer: a large PDF takes a few seconds. */}
        {pending ? <Loading label={t('admin.import.uploading')} /> : null}
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}

/** The server's message (in the page's language, with the limit passed), and the line at fault when it names one the message does not. */
function fileRefusalMessage(t: TFunction, error: ApiError): string {
  const message = problemMessage(t, error);
  const line = error.problem.line;
  return typeof line === 'number' && !message.includes(String(line)) ? `${message} ${t('admin.import.atLine', { line })}` : message;
}

function BulkSection({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation('assistant');
  const statusOptions = useStatusOptions();
  const [text, setText] = useState('');
  const [status, setStatus] = useState('draft');
  const { pending, error, submit, showError } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  const fieldList = Object.fromEntries(Object.entries(fieldErrors).slice(0, 10));
  return (
    <section className="section" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('admin.import.bulkTitle')}</h2>
      <p>{t('admin.import.bulkHelp')}</p>
      <pre className="code-sample">{`[{ "title": "…", "body": "…", "type": "faq", "service": "…", "sourceUrl": "https://…", "validFrom": "2026-01-01" }]`}</pre>
      <ErrorSummary error={error} fieldErrors={fieldList} />
      <Form
        className="form card"
        onSubmit={(e) => {
          e.preventDefault();
          let documents: unknown;
          try {
            documents = JSON.parse(text);
          } catch {
            // A code of its own: the generic translation of 'malformed_json' would blame the request, not the pasted text.
            showError(new ApiError({ status: 400, code: 'import.not_json', detail: t('admin.import.badJson') }));
            return;
          }
          submit(() => {
            setJobId(null);
            return api
              .post<ImportAccepted>('/api/admin/assistant/documents/import', Array.isArray(documents) ? { status, documents } : documents)
              .then((r) => setJobId(r.jobId));
          });
        }}
      >
        <TextField className="field" value={text} onChange={setText} isRequired>
          <Label className="field-label">{t('admin.import.json')}</Label>
          <Text slot="description" className="field-description">
            {t('admin.import.jsonHelp')}
          </Text>
          <TextArea className="field-input doc-body-input" rows={8} />
        </TextField>
        <SelectField
          label={t('admin.import.statusLabel')}
          name="status"
          value={status}
          onChange={(v: Key | null) => setStatus(String(v ?? 'draft'))}
          options={statusOptions}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('admin.import.bulkSubmit')}
          </Button>
        </div>
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}

function CrawlSection({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation('assistant');
  const statusOptions = useStatusOptions();
  const [values, setValues] = useState({ url: '', mode: 'sitemap', maxPages: '100', maxDepth: '3', status: 'draft', service: '' });
  const { pending, error, submit } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  // A refusal of the address (`outbound.*`, 422) is about the URL field: its message goes there too.
  // One object per error: React Aria would show a new one again on a field since corrected.
  const validationErrors = useMemo(
    () => (error instanceof ApiError && error.code.startsWith('outbound.') ? { ...fieldErrors, url: problemMessage(t, error) } : fieldErrors),
    [error, fieldErrors, t],
  );
  const set = (k: keyof typeof values) => (v: string) => setValues((p) => ({ ...p, [k]: v }));
  return (
    <section className="section" aria-labelledby="crawl-title">
      <h2 id="crawl-title">{t('admin.import.crawlTitle')}</h2>
      <p>{t('admin.import.crawlHelp')}</p>
      <ErrorSummary error={error} fieldErrors={fieldErrors} />
      <Form
        className="form card"
        validationErrors={validationErrors}
        onSubmit={(e) => {
          e.preventDefault();
          submit(() => {
            setJobId(null);
            return api
              .post<JobAccepted, CrawlBody>('/api/admin/assistant/crawls', {
                url: values.url.trim(),
                mode: values.mode as CrawlBody['mode'],
                maxPages: Number(values.maxPages),
                maxDepth: Number(values.maxDepth),
                status: values.status as CrawlBody['status'],
                service: values.service.trim() || null,
              })
              .then((r) => setJobId(r.jobId));
          });
        }}
      >
        <div className="form-grid">
          <TextInput label={t('admin.import.url')} name="url" type="url" isRequired value={values.url} onChange={set('url')} description={t('admin.import.urlHelp')} />
          <SelectField
            label={t('admin.import.mode')}
            name="mode"
            value={values.mode}
            onChange={(v: Key | null) => set('mode')(String(v ?? 'sitemap'))}
            options={[
              { id: 'sitemap', label: t('admin.import.modeSitemap') },
              { id: 'crawl', label: t('admin.import.modeCrawl') },
            ]}
          />
          <TextInput label={t('admin.import.maxPages')} name="maxPages" type="number" inputMode="numeric" isRequired value={values.maxPages} onChange={set('maxPages')} />
          <TextInput label={t('admin.import.maxDepth')} name="maxDepth" type="number" inputMode="numeric" isRequired value={values.maxDepth} onChange={set('maxDepth')} />
          <TextInput label={t('admin.documents.service')} name="service" value={values.service} onChange={set('service')} />
          <SelectField
            label={t('admin.import.statusLabel')}
            name="status"
            value={values.status}
            onChange={(v: Key | null) => set('status')(String(v ?? 'draft'))}
            options={statusOptions}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('admin.import.crawlSubmit')}
          </Button>
        </div>
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}
