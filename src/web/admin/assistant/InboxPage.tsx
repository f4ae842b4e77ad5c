import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { problemMessage } from '../../components/problem';
import { useCurrentUser } from '../AuthContext';
import { TICKET_STATUSES, type TicketSummary } from './api';
import './assistant-admin.css';

/** Conversations passed on to an agent, filtered by status. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') ?? '';
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setTickets(null);
    api.get<{ tickets: TicketSummary[] }>('/api/admin/assistant/tickets', { query: { status: status || undefined } }).then(
      (r) => live && setTickets(r.tickets),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [status]);

  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const filters = [{ id: '', label: t('assistant.admin.inbox.all') }, ...TICKET_STATUSES.map((s) => ({ id: s, label: t(`assistant.ticketStatus.${s}`) }))];

  return (
    <Page title={t('assistant.admin.inbox.title')} lead={<p>{t('assistant.admin.inbox.intro')}</p>}>
      <nav aria-label={t('assistant.admin.inbox.filterLabel')} className="segmented">
        <ul>
          {filters.map((f) => (
            <li key={f.id}>
              <Link
                to={f.id ? `?statut=${f.id}` : '?'}
                aria-current={status === f.id ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setParams(f.id ? { statut: f.id } : {});
                }}
              >
                {f.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="section" aria-labelledby="inbox-list-title">
        <h2 id="inbox-list-title">
          {status ? t(`assistant.ticketStatus.${status}`) : t('assistant.admin.inbox.all')}
          {tickets ? <span className="small"> — {t('assistant.admin.inbox.count', { count: tickets.length })}</span> : null}
        </h2>
        {error ? <p className="error-text">{problemMessage(t, error)}</p> : null}
        {!tickets && !error ? <Loading /> : null}
        {tickets && tickets.length === 0 ? <p>{t('assistant.admin.inbox.none')}</p> : null}
        {tickets && tickets.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="inbox-table">
              <caption className="visually-hidden">{t('assistant.admin.inbox.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assistant.admin.inbox.subject')}</th>
                  <th scope="col">{t('assistant.admin.inbox.code')}</th>
                  <th scope="col">{t('assistant.admin.inbox.status')}</th>
                  <th scope="col">{t('assistant.admin.inbox.assignee')}</th>
                  <th scope="col">{t('assistant.admin.inbox.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((tk) => (
                  <tr key={tk.id}>
                    <th scope="row">
                      <Link to={`/admin/assistant/demandes/${tk.id}`}>{tk.subject}</Link>
                    </th>
                    <td className="mono" data-label={t('assistant.admin.inbox.code')}>
                      {tk.code}
                    </td>
                    <td data-label={t('assistant.admin.inbox.status')}>
                      <span className={`tag ticket-tag-${tk.status}`}>{t(`assistant.ticketStatus.${tk.status}`)}</span>
                    </td>
                    <td data-label={t('assistant.admin.inbox.assignee')}>
                      {tk.assigneeId ? (tk.assigneeId === me.id ? t('assistant.admin.inbox.me') : t('assistant.admin.inbox.someoneElse')) : '—'}
                    </td>
                    <td data-label={t('assistant.admin.inbox.updated')}>{fmt.format(new Date(tk.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </Page>
  );
}
