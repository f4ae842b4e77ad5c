import { useEffect, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { TextInput } from '../../components/fields';
import { SelectField } from '../../components/SelectField';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { problemMessage } from '../../components/problem';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, type DocumentPage } from './api';
import './assistant-admin.css';

const PAGE_SIZE = 25;

/** The knowledge base: documents filtered by status, type, service and title. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState({
    status: params.get('status') ?? '',
    type: params.get('type') ?? '',
    service: params.get('service') ?? '',
    q: params.get('q') ?? '',
  });
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [data, setData] = useState<DocumentPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    api
      .get<DocumentPage>('/api/admin/assistant/documents', {
        query: {
          status: params.get('status'),
          type: params.get('type'),
          service: params.get('service'),
          q: params.get('q'),
          page,
          pageSize: PAGE_SIZE,
        },
      })
      .then(
        (d) => live && setData(d),
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [params]);

  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const all = { id: '', label: t('assistant.admin.documents.all') };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  return (
    <Page
      title={t('assistant.admin.documents.title')}
      lead={<p>{t('assistant.admin.documents.intro')}</p>}
    >
      <p className="row-actions">
        <Link className="button button-primary" to="/admin/assistant/documents/nouveau">
          {t('assistant.admin.documents.new')}
        </Link>
        <Link className="button" to="/admin/assistant/import">
          {t('assistant.admin.documents.import')}
        </Link>
      </p>
      <section aria-labelledby="doc-filters-title" className="section">
        <h2 id="doc-filters-title" className="visually-hidden">
          {t('assistant.admin.documents.filters')}
        </h2>
        <Form
          className="filters card"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const next = new URLSearchParams();
            for (const [k, v] of Object.entries(draft)) if (v.trim()) next.set(k, v.trim());
            setParams(next);
          }}
        >
          <div className="form-grid">
            <TextInput label={t('assistant.admin.documents.search')} name="q" value={draft.q} onChange={(q) => setDraft({ ...draft, q })} />
            <SelectField
              label={t('assistant.admin.documents.status')}
              name="status"
              value={draft.status}
              onChange={(v: Key | null) => setDraft({ ...draft, status: String(v ?? '') })}
              options={[all, ...DOCUMENT_STATUSES.map((s) => ({ id: s, label: t(`assistant.documentStatus.${s}`) }))]}
            />
            <SelectField
              label={t('assistant.admin.documents.type')}
              name="type"
              value={draft.type}
              onChange={(v: Key | null) => setDraft({ ...draft, type: String(v ?? '') })}
              options={[all, ...DOCUMENT_TYPES.map((s) => ({ id: s, label: t(`assistant.types.${s}`) }))]}
            />
            <TextInput label={t('assistant.admin.documents.service')} name="service" value={draft.service} onChange={(service) => setDraft({ ...draft, service })} />
          </div>
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {t('assistant.admin.documents.applyFilters')}
            </Button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="doc-list-title" className="section">
        <h2 id="doc-list-title">
          {t('assistant.admin.documents.listTitle')}
          {data ? <span className="small"> — {t('assistant.admin.documents.count', { count: data.total })}</span> : null}
        </h2>
        {error ? <p className="error-text">{problemMessage(t, error)}</p> : null}
        {!data && !error ? <Loading /> : null}
        {data && data.items.length === 0 ? <p>{t('assistant.admin.documents.none')}</p> : null}
        {data && data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="documents-table">
              <caption className="visually-hidden">{t('assistant.admin.documents.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assistant.admin.documents.docTitle')}</th>
                  <th scope="col">{t('assistant.admin.documents.type')}</th>
                  <th scope="col">{t('assistant.admin.documents.service')}</th>
                  <th scope="col">{t('assistant.admin.documents.status')}</th>
                  <th scope="col">{t('assistant.admin.documents.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/admin/assistant/documents/${d.id}`}>{d.title}</Link>
                      {d.demo ? <span className="tag tag-muted doc-demo">{t('assistant.admin.documents.demo')}</span> : null}
                    </th>
                    <td data-label={t('assistant.admin.documents.type')}>{t(`assistant.types.${d.type}`)}</td>
                    <td data-label={t('assistant.admin.documents.service')}>{d.service ?? '—'}</td>
                    <td data-label={t('assistant.admin.documents.status')}>
                      <span className={`tag doc-status-${d.status}`}>{t(`assistant.documentStatus.${d.status}`)}</span>
                    </td>
                    <td data-label={t('assistant.admin.documents.updated')}>{fmt.format(new Date(d.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && pages > 1 ? (
          <nav className="pager" aria-label={t('assistant.admin.documents.pagination')}>
            <Button className="button button-small" isDisabled={page <= 1} onPress={() => go(page - 1)}>
              {t('assistant.admin.documents.previous')}
            </Button>
            <span>{t('assistant.admin.documents.pageOf', { page, pages })}</span>
            <Button className="button button-small" isDisabled={page >= pages} onPress={() => go(page + 1)}>
              {t('assistant.admin.documents.next')}
            </Button>
          </nav>
        ) : null}
      </section>
    </Page>
  );
}
