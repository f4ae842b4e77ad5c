import { useCallback, useEffect, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '@web/api/client';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { SelectField } from '@web/components/SelectField';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { VOCABULARY_KINDS, type VocabularyEntry, type VocabularyList } from './api';
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
  const { t } = useTranslation('assistant');
  const [items, setItems] = useState<VocabularyEntry[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<VocabularyEntry | null>(null);
  const { error, submit, showError } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error);

  const reload = useCallback(() => {
    api.get<VocabularyList>('/api/admin/assistant/vocabulary').then((r) => setItems(r.items), showError);
  }, [showError]);
  useEffect(reload, [reload]);

  const save = () =>
    submit(async () => {
      setStatus(null);
      const body = { term: draft.term.trim(), expansions: splitExpansions(draft.expansions), kind: draft.kind };
      if (editing) await api.patch(`/api/admin/assistant/vocabulary/${editing}`, body);
      else await api.post('/api/admin/assistant/vocabulary', body);
      setStatus(editing ? t('admin.vocabulary.updated', { term: body.term }) : t('admin.vocabulary.added', { term: body.term }));
      setDraft(EMPTY);
      setEditing(null);
      reload();
    });

  const remove = (entry: VocabularyEntry) => {
    setConfirm(null);
    submit(async () => {
      await api.delete(`/api/admin/assistant/vocabulary/${entry.id}`);
      setStatus(t('admin.vocabulary.deleted', { term: entry.term }));
      reload();
    });
  };

  const labels = {
    term: t('admin.vocabulary.term'),
    expansions: t('admin.vocabulary.expansions'),
    kind: t('admin.vocabulary.kind'),
  };

  return (
    <Page title={t('admin.vocabulary.title')} lead={<p>{t('admin.vocabulary.intro')}</p>}>
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <section className="section" aria-labelledby="vocab-form-title">
        <h2 id="vocab-form-title">{editing ? t('admin.vocabulary.editTitle') : t('admin.vocabulary.addTitle')}</h2>
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
              description={t('admin.vocabulary.expansionsHelp')}
            />
            <SelectField
              label={labels.kind}
              name="kind"
              value={draft.kind}
              onChange={(v: Key | null) => setDraft({ ...draft, kind: String(v ?? 'synonym') })}
              options={VOCABULARY_KINDS.map((k) => ({ id: k, label: t(`admin.vocabulary.kinds.${k}`) }))}
            />
          </div>
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {editing ? t('admin.vocabulary.save') : t('admin.vocabulary.add')}
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
        <h2 id="vocab-list-title">{t('admin.vocabulary.listTitle')}</h2>
        {!items ? <Loading /> : null}
        {items && items.length === 0 ? <p>{t('admin.vocabulary.none')}</p> : null}
        {items && items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="vocabulary-table">
              <caption className="visually-hidden">{t('admin.vocabulary.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{labels.term}</th>
                  <th scope="col">{labels.expansions}</th>
                  <th scope="col">{labels.kind}</th>
                  <th scope="col">{t('admin.edit.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">{v.term}</th>
                    <td data-label={labels.expansions}>{v.expansions.join(', ')}</td>
                    <td data-label={labels.kind}>{t(`admin.vocabulary.kinds.${v.kind}`)}</td>
                    <td data-label={t('admin.edit.actions')}>
                      <div className="row-actions">
                        <Button
                          className="button button-small"
                          aria-label={t('admin.vocabulary.editLabel', { term: v.term })}
                          onPress={() => {
                            setEditing(v.id);
                            setDraft({ term: v.term, expansions: v.expansions.join(', '), kind: v.kind });
                            document.getElementById('vocab-form-title')?.scrollIntoView();
                          }}
                        >
                          {t('admin.vocabulary.edit')}
                        </Button>
                        <Button
                          className="button button-small"
                          aria-label={t('admin.vocabulary.deleteLabel', { term: v.term })}
                          onPress={() => setConfirm(v)}
                        >
                          {t('admin.vocabulary.delete')}
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
        title={t('admin.vocabulary.confirmTitle')}
        role="alertdialog"
      >
        <p>{t('admin.vocabulary.confirmText', { term: confirm?.term ?? '' })}</p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={() => confirm && remove(confirm)}>
            {t('admin.vocabulary.delete')}
          </Button>
          <Button className="button button-subtle" onPress={() => setConfirm(null)}>
            {t('common.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </Page>
  );
}
