import { useCallback, useEffect, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextInput } from '../../components/fields';
import { SelectField } from '../../components/SelectField';
import { Loading } from '../../components/Loading';
import { ModalDialog } from '../../components/Modal';
import { Page } from '../../components/Page';
import { fieldErrorsOf } from '../../components/problem';
import { StatusMessage } from '../../components/StatusMessage';
import { useSubmission } from '../../components/useSubmission';
import { rawRequest } from './http';
import { VOCABULARY_KINDS, type VocabularyEntry } from './api';
import './assistant-admin.css';

type Draft = { term: string; expansions: string; kind: string };
const EMPTY: Draft = { term: '', expansions: '', kind: 'synonym' };

const splitExpansions = (s: string) =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The commune's synonyms and acronyms, used to expand residents' questions. */
export function VocabularyPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<VocabularyEntry[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<VocabularyEntry | null>(null);
  const { error, submit, showError } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error);

  const reload = useCallback(() => {
    api.get<{ items: VocabularyEntry[] }>('/api/admin/assistant/vocabulary').then((r) => setItems(r.items), showError);
  }, [showError]);
  useEffect(reload, [reload]);

  const save = () =>
    submit(async () => {
      setStatus(null);
      const body = { term: draft.term.trim(), expansions: splitExpansions(draft.expansions), kind: draft.kind };
      if (editing) await api.patch(`/api/admin/assistant/vocabulary/${editing}`, body);
      else await api.post('/api/admin/assistant/vocabulary', body);
      setStatus(editing ? t('assistant.admin.vocabulary.updated', { term: body.term }) : t('assistant.admin.vocabulary.added', { term: body.term }));
      setDraft(EMPTY);
      setEditing(null);
      reload();
    });

  const remove = (entry: VocabularyEntry) => {
    setConfirm(null);
    submit(async () => {
      await rawRequest('DELETE', `/api/admin/assistant/vocabulary/${entry.id}`);
      setStatus(t('assistant.admin.vocabulary.deleted', { term: entry.term }));
      reload();
    });
  };

  const labels = {
    term: t('assistant.admin.vocabulary.term'),
    expansions: t('assistant.admin.vocabulary.expansions'),
    kind: t('assistant.admin.vocabulary.kind'),
  };

  return (
    <Page title={t('assistant.admin.vocabulary.title')} lead={<p>{t('assistant.admin.vocabulary.intro')}</p>}>
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <section className="section" aria-labelledby="vocab-form-title">
        <h2 id="vocab-form-title">{editing ? t('assistant.admin.vocabulary.editTitle') : t('assistant.admin.vocabulary.addTitle')}</h2>
        <Form
          className="form card"
          validationErrors={fieldErrors}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <div className="form-grid">
            <TextInput label={labels.term} name="term" isRequired value={draft.term} onChange={(term) => setDraft({ ...draft, term })} />
            <TextInput
              label={labels.expansions}
              name="expansions"
              isRequired
              value={draft.expansions}
              onChange={(expansions) => setDraft({ ...draft, expansions })}
              description={t('assistant.admin.vocabulary.expansionsHelp')}
            />
            <SelectField
              label={labels.kind}
              name="kind"
              value={draft.kind}
              onChange={(v: Key | null) => setDraft({ ...draft, kind: String(v ?? 'synonym') })}
              options={VOCABULARY_KINDS.map((k) => ({ id: k, label: t(`assistant.admin.vocabulary.kinds.${k}`) }))}
            />
          </div>
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {editing ? t('assistant.admin.vocabulary.save') : t('assistant.admin.vocabulary.add')}
            </Button>
            {editing ? (
              <Button
                className="button button-subtle"
                onPress={() => {
                  setEditing(null);
                  setDraft(EMPTY);
                }}
              >
                {t('common.cancel')}
              </Button>
            ) : null}
          </div>
        </Form>
      </section>
      <section className="section" aria-labelledby="vocab-list-title">
        <h2 id="vocab-list-title">{t('assistant.admin.vocabulary.listTitle')}</h2>
        {!items ? <Loading /> : null}
        {items && items.length === 0 ? <p>{t('assistant.admin.vocabulary.none')}</p> : null}
        {items && items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="vocabulary-table">
              <caption className="visually-hidden">{t('assistant.admin.vocabulary.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{labels.term}</th>
                  <th scope="col">{labels.expansions}</th>
                  <th scope="col">{labels.kind}</th>
                  <th scope="col">{t('assistant.admin.edit.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">{v.term}</th>
                    <td data-label={labels.expansions}>{v.expansions.join(', ')}</td>
                    <td data-label={labels.kind}>{t(`assistant.admin.vocabulary.kinds.${v.kind}`)}</td>
                    <td data-label={t('assistant.admin.edit.actions')}>
                      <div className="row-actions">
                        <Button
                          className="button button-small"
                          aria-label={t('assistant.admin.vocabulary.editLabel', { term: v.term })}
                          onPress={() => {
                            setEditing(v.id);
                            setDraft({ term: v.term, expansions: v.expansions.join(', '), kind: v.kind });
                            document.getElementById('vocab-form-title')?.scrollIntoView();
                          }}
                        >
                          {t('assistant.admin.vocabulary.edit')}
                        </Button>
                        <Button
                          className="button button-small"
                          aria-label={t('assistant.admin.vocabulary.deleteLabel', { term: v.term })}
                          onPress={() => setConfirm(v)}
                        >
                          {t('assistant.admin.vocabulary.delete')}
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <ModalDialog
        isOpen={confirm !== null}
        onClose={() => setConfirm(null)}
        title={t('assistant.admin.vocabulary.confirmTitle')}
        role="alertdialog"
      >
        <p>{t('assistant.admin.vocabulary.confirmText', { term: confirm?.term ?? '' })}</p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={() => confirm && remove(confirm)}>
            {t('assistant.admin.vocabulary.delete')}
          </Button>
          <Button className="button button-subtle" onPress={() => setConfirm(null)}>
            {t('common.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </Page>
  );
}
