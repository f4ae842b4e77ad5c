import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '@web/api/client';
import { useAnnounce } from '@web/components/Announcer';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useCurrentUser } from '@web/admin/AuthContext';
import { TICKET_STATUSES, type TicketList, type TicketSummary } from './api';
import './assistant-admin.css';

/** Conversations passed on to an agent, filtered by status. */
export function InboxPage() {
  const { t, i18n } = useTranslation('assistant');
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') ?? '';
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const erasedCode = useErasureNotice();

  useEffect(() => {
    let live = true;
    setTickets(null);
    api.get<TicketList>('/api/admin/assistant/tickets', { query: { status: status || undefined } }).then(
      (r) => live && setTickets(r.tickets),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [status]);

  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const filters = [{ id: '', label: t('admin.inbox.all') }, ...TICKET_STATUSES.map((s) => ({ id: s, label: t(`ticketStatus.${s}`) }))];

  return (
    <Page title={t('admin.inbox.title')} lead={<p>{t('admin.inbox.intro')}</p>}>
      {erasedCode ? <StatusMessage tone="success">{t('admin.inbox.erased', { code: erasedCode })}</StatusMessage> : null}
      <nav aria-label={t('admin.inbox.filterLabel')} className="segmented">
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
          {status ? t(`ticketStatus.${status}`) : t('admin.inbox.all')}
          {tickets ? <span className="small"> — {t('admin.inbox.count', { count: tickets.length })}</span> : null}
        </h2>
        {error ? <p className="error-text">{problemMessage(t, error)}</p> : null}
        {!tickets && !error ? <Loading /> : null}
        {tickets && tickets.length === 0 ? <p>{t('admin.inbox.none')}</p> : null}
        {tickets && tickets.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="inbox-table">
              <caption className="visually-hidden">{t('admin.inbox.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.inbox.subject')}</th>
                  <th scope="col">{t('admin.inbox.code')}</th>
                  <th scope="col">{t('admin.inbox.status')}</th>
                  <th scope="col">{t('admin.inbox.assignee')}</th>
                  <th scope="col">{t('admin.inbox.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((tk) => (
                  <tr key={tk.id}>
                    <th scope="row">
                      <Link to={`/admin/assistant/demandes/${tk.id}`}>{tk.subject}</Link>
                    </th>
                    <td className="mono" data-label={t('admin.inbox.code')}>
                      {tk.code}
                    </td>
                    <td data-label={t('admin.inbox.status')}>
                      <span className={`tag ticket-tag-${tk.status}`}>{t(`ticketStatus.${tk.status}`)}</span>
                    </td>
                    <td data-label={t('admin.inbox.assignee')}>
                      {tk.assigneeId ? (tk.assigneeId === me.id ? t('admin.inbox.me') : t('admin.inbox.someoneElse')) : '—'}
                    </td>
                    <td data-label={t('admin.inbox.updated')}>{fmt.format(new Date(tk.updatedAt))}</td>
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

/**
 * The code of the ticket just erased from its page (`AdminTicketPage`), announced once: a reload
 * of the inbox afterwards does not repeat it.
 */
function useErasureNotice(): string | null {
  const { t } = useTranslation('assistant');
  const location = useLocation();
  const announce = useAnnounce();
  const [code] = useState(() => (location.state as { erasedTicketCode?: string } | null)?.erasedTicketCode ?? null);
  useEffect(() => {
    if (!code) return;
    // After the page's own "page loaded" announcement (a child's effect runs first), so this one is heard.
    announce(t('admin.inbox.erased', { code }));
    const { usr: _erased, ...rest } = (window.history.state ?? {}) as Record<string, unknown>;
    window.history.replaceState(rest, '');
  }, [code]);
  return code;
}
