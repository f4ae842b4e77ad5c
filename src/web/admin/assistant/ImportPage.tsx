import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextInput } from '../../components/fields';
import { SelectField } from '../../components/SelectField';
import { Page } from '../../components/Page';
import { useSubmission } from '../../components/useSubmission';
import { fieldErrorsOf } from '../../components/problem';
import { useAuth } from '../AuthContext';
import { DOCUMENT_TYPES, type Job } from './api';
import { rawRequest } from './http';
import { JobProgress } from './JobProgress';
import './assistant-admin.css';

const ACCEPT = '.md,.markdown,.txt,.html,.htm,.pdf,.docx,text/markdown,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The multipart upload goes around the JSON client; it still sends the session's CSRF token. */
async function uploadFile(form: FormData): Promise<{ jobId: number }> {
  const r = await rawRequest<{ jobId: number }>('POST', '/api/admin/assistant/documents/upload', form);
  return { jobId: r!.jobId };
}

function useStatusOptions() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return [
    { id: 'draft', label: t('assistant.admin.import.asDraft') },
    ...(can('assistant.documents.validate') ? [{ id: 'validated', label: t('assistant.admin.import.asValidated') }] : []),
  ];
}

export function ImportPage() {
  const { t } = useTranslation();
  const [recent, setRecent] = useState<Job[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.get<{ jobs: Job[] }>('/api/admin/assistant/jobs', { query: { limit: 10 } }).then((r) => setRecent(r.jobs), () => setRecent([]));
  }, [version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Page title={t('assistant.admin.import.title')} lead={<p>{t('assistant.admin.import.intro')}</p>}>
      <p>
        <Link to="/admin/assistant/documents">{t('assistant.admin.edit.back')}</Link>
      </p>
      <UploadSection onFinished={refresh} />
      <BulkSection onFinished={refresh} />
      <CrawlSection onFinished={refresh} />
      <section className="section" aria-labelledby="recent-jobs-title">
        <h2 id="recent-jobs-title">{t('assistant.admin.import.recent')}</h2>
        {recent.length === 0 ? (
          <p>{t('assistant.admin.import.noJobs')}</p>
        ) : (
          <ul className="job-list">
            {recent.map((j) => (
              <li key={j.id}>
                <span className="mono">#{j.id}</span> {t(`assistant.admin.jobs.kinds.${j.kind}`, { defaultValue: j.kind })} —{' '}
                <strong>{t(`assistant.admin.jobs.status.${j.status}`)}</strong>
                {j.error ? <span className="error-text"> {j.error.message}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function UploadSection({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation();
  const statusOptions = useStatusOptions();
  const fileInput = useRef<HTMLInputElement>(null);
  const [meta, setMeta] = useState({ title: '', type: 'page', service: '', status: 'draft' });
  const { pending, error, submit } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  return (
    <section className="section" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('assistant.admin.import.uploadTitle')}</h2>
      <p>{t('assistant.admin.import.uploadHelp')}</p>
      <ErrorSummary error={error} fieldErrors={fieldErrors} />
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
            {t('assistant.admin.import.file')}
          </label>
          <p className="field-description" id="upload-file-help">
            {t('assistant.admin.import.fileHelp')}
          </p>
          <input id="upload-file" ref={fileInput} className="field-input" type="file" accept={ACCEPT} required aria-describedby="upload-file-help" />
        </div>
        <div className="form-grid">
          <TextInput label={t('assistant.admin.edit.title')} description={t('assistant.admin.import.titleHelp')} name="title" value={meta.title} onChange={(title) => setMeta({ ...meta, title })} />
          <SelectField
            label={t('assistant.admin.documents.type')}
            name="type"
            value={meta.type}
            onChange={(v: Key | null) => setMeta({ ...meta, type: String(v ?? 'page') })}
            options={DOCUMENT_TYPES.map((ty) => ({ id: ty, label: t(`assistant.types.${ty}`) }))}
          />
          <TextInput label={t('assistant.admin.documents.service')} name="service" value={meta.service} onChange={(service) => setMeta({ ...meta, service })} />
          <SelectField
            label={t('assistant.admin.import.statusLabel')}
            name="status"
            value={meta.status}
            onChange={(v: Key | null) => setMeta({ ...meta, status: String(v ?? 'draft') })}
            options={statusOptions}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('assistant.admin.import.uploadSubmit')}
          </Button>
        </div>
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}

function BulkSection({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation();
  const statusOptions = useStatusOptions();
  const [text, setText] = useState('');
  const [status, setStatus] = useState('draft');
  const { pending, error, submit, showError } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  const fieldList = Object.fromEntries(Object.entries(fieldErrors).slice(0, 10));
  return (
    <section className="section" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('assistant.admin.import.bulkTitle')}</h2>
      <p>{t('assistant.admin.import.bulkHelp')}</p>
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
            showError(new ApiError({ status: 400, code: 'import.not_json', detail: t('assistant.admin.import.badJson') }));
            return;
          }
          submit(() => {
            setJobId(null);
            return api
              .post<{ jobId: number }>('/api/admin/assistant/documents/import', Array.isArray(documents) ? { status, documents } : documents)
              .then((r) => setJobId(r.jobId));
          });
        }}
      >
        <TextField className="field" value={text} onChange={setText} isRequired>
          <Label className="field-label">{t('assistant.admin.import.json')}</Label>
          <Text slot="description" className="field-description">
            {t('assistant.admin.import.jsonHelp')}
          </Text>
          <TextArea className="field-input doc-body-input" rows={8} />
        </TextField>
        <SelectField
          label={t('assistant.admin.import.statusLabel')}
          name="status"
          value={status}
          onChange={(v: Key | null) => setStatus(String(v ?? 'draft'))}
          options={statusOptions}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('assistant.admin.import.bulkSubmit')}
          </Button>
        </div>
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}

function CrawlSection({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation();
  const statusOptions = useStatusOptions();
  const [values, setValues] = useState({ url: '', mode: 'sitemap', maxPages: '100', maxDepth: '3', status: 'draft', service: '' });
  const { pending, error, submit } = useSubmission();
  const [jobId, setJobId] = useState<number | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);
  const set = (k: keyof typeof values) => (v: string) => setValues((p) => ({ ...p, [k]: v }));
  return (
    <section className="section" aria-labelledby="crawl-title">
      <h2 id="crawl-title">{t('assistant.admin.import.crawlTitle')}</h2>
      <p>{t('assistant.admin.import.crawlHelp')}</p>
      <ErrorSummary error={error} fieldErrors={fieldErrors} />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          submit(() => {
            setJobId(null);
            return api
              .post<{ jobId: number }>('/api/admin/assistant/crawls', {
                url: values.url.trim(),
                mode: values.mode,
                maxPages: Number(values.maxPages),
                maxDepth: Number(values.maxDepth),
                status: values.status,
                service: values.service.trim() || null,
              })
              .then((r) => setJobId(r.jobId));
          });
        }}
      >
        <div className="form-grid">
          <TextInput label={t('assistant.admin.import.url')} name="url" type="url" isRequired value={values.url} onChange={set('url')} description={t('assistant.admin.import.urlHelp')} />
          <SelectField
            label={t('assistant.admin.import.mode')}
            name="mode"
            value={values.mode}
            onChange={(v: Key | null) => set('mode')(String(v ?? 'sitemap'))}
            options={[
              { id: 'sitemap', label: t('assistant.admin.import.modeSitemap') },
              { id: 'crawl', label: t('assistant.admin.import.modeCrawl') },
            ]}
          />
          <TextInput label={t('assistant.admin.import.maxPages')} name="maxPages" type="number" inputMode="numeric" isRequired value={values.maxPages} onChange={set('maxPages')} />
          <TextInput label={t('assistant.admin.import.maxDepth')} name="maxDepth" type="number" inputMode="numeric" isRequired value={values.maxDepth} onChange={set('maxDepth')} />
          <TextInput label={t('assistant.admin.documents.service')} name="service" value={values.service} onChange={set('service')} />
          <SelectField
            label={t('assistant.admin.import.statusLabel')}
            name="status"
            value={values.status}
            onChange={(v: Key | null) => set('status')(String(v ?? 'draft'))}
            options={statusOptions}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('assistant.admin.import.crawlSubmit')}
          </Button>
        </div>
      </Form>
      {jobId !== null ? <JobProgress key={jobId} jobId={jobId} onFinished={onFinished} /> : null}
    </section>
  );
}
