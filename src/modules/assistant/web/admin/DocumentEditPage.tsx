import { useEffect, useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '@web/api/client';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { SelectField } from '@web/components/SelectField';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { useAuth } from '@web/admin/AuthContext';
import type { CreateDocumentBody, UpdateDocumentBody } from '../../knowledge/api-schemas';
import { DOCUMENT_TYPES, type AdminDocumentDetail, type AdminDocumentUpdated, type DocumentType, type DocumentVersion } from './api';
import './assistant-admin.css';

interface Draft {
  title: string;
  type: DocumentType;
  service: string;
  language: string;
  validFrom: string;
  validUntil: string;
  sourceUrl: string;
  body: string;
}

const EMPTY: Draft = { title: '', type: 'procedure', service: '', language: 'fr', validFrom: '', validUntil: '', sourceUrl: '', body: '' };

function draftOf(d: AdminDocumentDetail): Draft {
  return {
    title: d.title,
    type: d.type,
    service: d.service ?? '',
    language: d.language,
    validFrom: d.validFrom ?? '',
    validUntil: d.validUntil ?? '',
    sourceUrl: d.sourceUrl ?? '',
    body: d.body,
  };
}

/** Create (`/admin/assistant/documents/nouveau`) or edit a document, change its status, read its versions. */
export function DocumentEditPage() {
  const { t, i18n } = useTranslation('assistant');
  const { id } = useParams();
  const isNew = !id || id === 'nouveau';
  const navigate = useNavigate();
  const { can } = useAuth();
  const canValidate = can('assistant.documents.validate');
  const [doc, setDoc] = useState<AdminDocumentDetail | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Saving and changing the status share one submission: one error summary, never both at once.
  const { pending, error, submit, showError } = useSubmission();
  const [openVersion, setOpenVersion] = useState<{ id: string; body: string } | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);

  useEffect(() => {
    if (isNew) return;
    api.get<AdminDocumentDetail>(`/api/admin/assistant/documents/${id}`).then((d) => {
      setDoc(d);
      setDraft(draftOf(d));
    }, setLoadError);
  }, [id]);

  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const labels: Record<string, string> = {
    title: t('admin.edit.title'),
    type: t('admin.documents.type'),
    service: t('admin.documents.service'),
    language: t('admin.edit.language'),
    validFrom: t('admin.edit.validFrom'),
    validUntil: t('admin.edit.validUntil'),
    sourceUrl: t('admin.edit.sourceUrl'),
    body: t('admin.edit.body'),
  };

  const save = (validateToo: boolean) =>
    submit(async () => {
      setStatus(null);
      const payload = {
        title: draft.title.trim(),
        type: draft.type,
        service: draft.service.trim() || null,
        language: draft.language.trim() || 'fr',
        validFrom: draft.validFrom || null,
        validUntil: draft.validUntil || null,
        sourceUrl: draft.sourceUrl.trim() || null,
        body: draft.body,
      };
      if (isNew) {
        const created = await api.post<AdminDocumentDetail, CreateDocumentBody>('/api/admin/assistant/documents', {
          ...payload,
          status: validateToo ? 'validated' : 'draft',
        });
        navigate(`/admin/assistant/documents/${created.id}`, { replace: true });
        return;
      }
      const updated = await api.patch<AdminDocumentUpdated, UpdateDocumentBody>(`/api/admin/assistant/documents/${id}`, payload);
      setDoc(updated);
      setDraft(draftOf(updated));
      setStatus(updated.newVersion ? t('admin.edit.savedNewVersion') : t('admin.edit.saved'));
    });

  const changeStatus = (action: 'validate' | 'archive' | 'unpublish') =>
    submit(async () => {
      setStatus(null);
      await api.post(`/api/admin/assistant/documents/${id}/${action}`, {});
      const fresh = await api.get<AdminDocumentDetail>(`/api/admin/assistant/documents/${id}`);
      setDoc(fresh);
      setStatus(t(`admin.edit.statusChanged.${action}`));
    });

  if (loadError) {
    return (
      <Page title={t('admin.edit.editTitle')}>
        <p className="error-text">{problemMessage(t, loadError)}</p>
        <Link to="/admin/assistant/documents">{t('admin.edit.back')}</Link>
      </Page>
    );
  }
  if (!isNew && !doc) return <Loading />;
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Page title={isNew ? t('admin.edit.newTitle') : t('admin.edit.editTitle')}>
      <p>
        <Link to="/admin/assistant/documents">{t('admin.edit.back')}</Link>
      </p>
      {doc ? (
        <div className="doc-state card">
          <p>
            <strong>{doc.title}</strong>{' '}
            <span className={`tag doc-status-${doc.status}`}>{t(`documentStatus.${doc.status}`)}</span>
            {doc.demo ? <span className="tag tag-muted doc-demo">{t('admin.documents.demo')}</span> : null}
          </p>
          <p className="small">{t(`admin.edit.statusHelp.${doc.status}`)}</p>
          {canValidate ? (
            <div className="row-actions">
              {doc.status !== 'validated' ? (
                <Button className="button button-primary button-small" onPress={() => changeStatus('validate')}>
                  {t('admin.edit.validate')}
                </Button>
              ) : (
                <Button className="button button-small" onPress={() => changeStatus('unpublish')}>
                  {t('admin.edit.unpublish')}
                </Button>
              )}
              {doc.status !== 'archived' ? (
                <Button className="button button-small" onPress={() => changeStatus('archive')}>
                  {t('admin.edit.archive')}
                </Button>
              ) : null}
            </div>
          ) : (
            <p className="small">{t('admin.edit.cannotValidate')}</p>
          )}
        </div>
      ) : null}
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          save(false);
        }}
      >
        <div className="form-grid">
          <TextInput label={labels.title!} name="title" isRequired value={draft.title} onChange={set('title')} />
          <SelectField
            label={labels.type!}
            name="type"
            value={draft.type}
            isRequired
            onChange={(v: Key | null) => set('type')(String(v ?? 'procedure'))}
            options={DOCUMENT_TYPES.map((ty) => ({ id: ty, label: t(`types.${ty}`) }))}
          />
          <TextInput label={labels.service!} name="service" value={draft.service} onChange={set('service')} />
          <TextInput label={labels.language!} name="language" value={draft.language} onChange={set('language')} description={t('admin.edit.languageHelp')} />
          <TextInput label={labels.validFrom!} name="validFrom" type="date" value={draft.validFrom} onChange={set('validFrom')} />
          <TextInput
            label={labels.validUntil!}
            name="validUntil"
            type="date"
            value={draft.validUntil}
            onChange={set('validUntil')}
            description={t('admin.edit.validUntilHelp')}
          />
          <TextInput label={labels.sourceUrl!} name="sourceUrl" type="url" value={draft.sourceUrl} onChange={set('sourceUrl')} />
        </div>
        <TextField className="field" name="body" isRequired value={draft.body} onChange={set('body')}>
          <Label className="field-label">{labels.body}</Label>
          <Text slot="description" className="field-description">
            {t('admin.edit.bodyHelp')}
          </Text>
          <TextArea className="field-input doc-body-input" rows={18} />
        </TextField>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {isNew ? t('admin.edit.createDraft') : t('admin.edit.save')}
          </Button>
          {isNew && canValidate ? (
            <Button className="button" isPending={pending} onPress={() => save(true)}>
              {t('admin.edit.createValidated')}
            </Button>
          ) : null}
        </div>
      </Form>

      {doc ? (
        <section className="section" aria-labelledby="versions-title">
          <h2 id="versions-title">{t('admin.edit.versions')}</h2>
          <div className="table-wrap">
            <table className="table table-stack" data-testid="versions-table">
              <caption className="visually-hidden">{t('admin.edit.versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.edit.version')}</th>
                  <th scope="col">{t('admin.edit.title')}</th>
                  <th scope="col">{t('admin.edit.format')}</th>
                  <th scope="col">{t('admin.edit.date')}</th>
                  <th scope="col">{t('admin.edit.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {doc.versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      v{v.version}
                      {v.id === doc.currentVersionId ? <span className="tag tag-ok doc-demo">{t('admin.edit.current')}</span> : null}
                    </th>
                    <td data-label={t('admin.edit.title')}>{v.title}</td>
                    <td data-label={t('admin.edit.format')}>
                      {v.sourceFormat}
                      {v.originalFilename ? ` (${v.originalFilename})` : ''}
                    </td>
                    <td data-label={t('admin.edit.date')}>{fmt.format(new Date(v.createdAt))}</td>
                    <td data-label={t('admin.edit.actions')}>
                      <Button
                        className="button button-small"
                        aria-label={t('admin.edit.showVersion', { version: v.version })}
                        onPress={() => {
                          if (openVersion?.id === v.id) return setOpenVersion(null);
                          api
                            .get<DocumentVersion>(`/api/admin/assistant/documents/${doc.id}/versions/${v.id}`)
                            .then((r) => setOpenVersion({ id: v.id, body: r.body }), showError);
                        }}
                      >
                        {openVersion?.id === v.id ? t('admin.edit.hide') : t('admin.edit.show')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {openVersion ? (
            <pre className="version-body" tabIndex={0} aria-label={t('admin.edit.versionBody')}>
              {openVersion.body}
            </pre>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
