import { useEffect, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '@web/api/client';
import { TextInput } from '@web/components/fields';
import { SelectField } from '@web/components/SelectField';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, type DocumentPage } from './api';
import './assistant-admin.css';

const PAGE_SIZE = 25;

/** The knowledge base: documents filtered by status, type, service and title. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation('assistant');
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
  const all = { id: '', label: t('admin.documents.all') };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  return (
    <Page
      title={t('admin.documents.title')}
      lead={<p>{t('admin.documents.intro')}</p>}
    >
      <p className="row-actions">
        <Link className="button button-primary" to="/admin/assistant/documents/nouveau">
          {t('admin.documents.new')}
        </Link>
        <Link className="button" to="/admin/assistant/import">
          {t('admin.documents.import')}
        </Link>
      </p>
      <section aria-labelledby="doc-filters-title" className="section">
        <h2 id="doc-filters-title" className="visually-hidden">
          {t('admin.documents.filters')}
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
            <TextInput label={t('admin.documents.search')} name="q" value={draft.q} onChange={(q) => setDraft({ ...draft, q })} />
            <SelectField
              label={t('admin.documents.status')}
              name="status"
              value={draft.status}
              onChange={(v: Key | null) => setDraft({ ...draft, status: String(v ?? '') })}
              options={[all, ...DOCUMENT_STATUSES.map((s) => ({ id: s, label: t(`documentStatus.${s}`) }))]}
            />
            <SelectField
              label={t('admin.documents.type')}
              name="type"
              value={draft.type}
              onChange={(v: Key | null) => setDraft({ ...draft, type: String(v ?? '') })}
              options={[all, ...DOCUMENT_TYPES.map((s) => ({ id: s, label: t(`types.${s}`) }))]}
            />
            <TextInput label={t('admin.documents.service')} name="service" value={draft.service} onChange={(service) => setDraft({ ...draft, service })} />
          </div>
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {t('admin.documents.applyFilters')}
            </Button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="doc-list-title" className="section">
        <h2 id="doc-list-title">
          {t('admin.documents.listTitle')}
          {data ? <span className="small"> — {t('admin.documents.count', { count: data.total })}</span> : null}
        </h2>
        {error ? <p className="error-text">{problemMessage(t, error)}</p> : null}
        {!data && !error ? <Loading /> : null}
        {data && data.items.length === 0 ? <p>{t('admin.documents.none')}</p> : null}
        {data && data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="documents-table">
              <caption className="visually-hidden">{t('admin.documents.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.documents.docTitle')}</th>
                  <th scope="col">{t('admin.documents.type')}</th>
                  <th scope="col">{t('admin.documents.service')}</th>
                  <th scope="col">{t('admin.documents.status')}</th>
                  <th scope="col">{t('admin.documents.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/admin/assistant/documents/${d.id}`}>{d.title}</Link>
                      {d.demo ? <span className="tag tag-muted doc-demo">{t('admin.documents.demo')}</span> : null}
                    </th>
                    <td data-label={t('admin.documents.type')}>{t(`types.${d.type}`)}</td>
                    <td data-label={t('admin.documents.service')}>{d.service ?? '—'}</td>
                    <td data-label={t('admin.documents.status')}>
                      <span className={`tag doc-status-${d.status}`}>{t(`documentStatus.${d.status}`)}</span>
                    </td>
                    <td data-label={t('admin.documents.updated')}>{fmt.format(new Date(d.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && pages > 1 ? (
          <nav className="pager" aria-label={t('admin.documents.pagination')}>
            <Button className="button button-small" isDisabled={page <= 1} onPress={() => go(page - 1)}>
              {t('admin.documents.previous')}
            </Button>
            <span>{t('admin.documents.pageOf', { page, pages })}</span>
            <Button className="button button-small" isDisabled={page >= pages} onPress={() => go(page + 1)}>
              {t('admin.documents.next')}
            </Button>
          </nav>
        ) : null}
      </section>
    </Page>
  );
}
