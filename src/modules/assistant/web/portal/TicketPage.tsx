import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { assistantApi } from './api';
import type { ResidentTicket } from './types';
import './assistant.css';
import './thread.css';

/** `/assistant/suivi/:code?token=…`: the resident reads the agents' replies and answers back. */
export function TicketPage() {
  const { t, i18n } = useTranslation('assistant');
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [ticket, setTicket] = useState<ResidentTicket | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reply, setReply] = useState('');
  const [sendError, setSendError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);

  const load = useCallback(() => {
    if (!token) return;
    assistantApi.ticket(code, token).then(
      (t2) => {
        setTicket(t2);
        setLoadError(null);
      },
      (err: unknown) => setLoadError(err),
    );
  }, [code, token]);

  useEffect(load, [load]);

  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  if (!token || loadError) {
    return (
      <Page title={t('ticket.notFoundTitle')}>
        <p>{t('ticket.notFoundText')}</p>
        {loadError ? <p className="small">{problemMessage(t, loadError)}</p> : null}
        <p>
          <Link to="/assistant">{t('ticket.backToAssistant')}</Link>
        </p>
      </Page>
    );
  }
  if (!ticket) return <Loading />;

  const hasAgentReply = ticket.messages.some((m) => m.author === 'agent');
  return (
    <Page title={t('ticket.title', { code: ticket.code })} className="ticket-page">
      <div className="ticket-head">
        <span className={`tag ticket-status ticket-status-${ticket.status}`} data-testid="ticket-status">
          {t(`ticketStatus.${ticket.status}`)}
        </span>
        <span className="small">{t('ticket.created', { date: fmt.format(new Date(ticket.createdAt)) })}</span>
      </div>
      <section aria-labelledby="ticket-subject-title" className="section">
        <h2 id="ticket-subject-title">{t('ticket.subject')}</h2>
        <p className="ticket-subject">{ticket.subject}</p>
      </section>
      <section aria-labelledby="ticket-messages-title" className="section">
        <h2 id="ticket-messages-title">{t('ticket.messages')}</h2>
        {!hasAgentReply ? <p className="notice-card">{t('ticket.waiting')}</p> : null}
        <ol className="thread" data-testid="ticket-thread">
          {ticket.messages.map((m, i) => (
            <li key={i} className={`thread-item thread-item-${m.author}`}>
              <p className="thread-meta">
                <strong>{m.author === 'agent' ? t('ticket.agent') : t('ticket.you')}</strong>{' '}
                <time dateTime={m.createdAt}>{fmt.format(new Date(m.createdAt))}</time>
              </p>
              <p className="thread-text">{m.text}</p>
            </li>
          ))}
        </ol>
        <Button className="button button-small" onPress={load}>
          {t('ticket.refresh')}
        </Button>
      </section>
      {ticket.status !== 'closed' ? (
        <section aria-labelledby="ticket-reply-title" className="section">
          <h2 id="ticket-reply-title">{t('ticket.replyTitle')}</h2>
          {sent ? <StatusMessage tone="success">{t('ticket.sent')}</StatusMessage> : null}
          <ErrorSummary error={sendError} />
          <Form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!reply.trim()) return;
              setPending(true);
              setSendError(null);
              setSent(false);
              assistantApi
                .replyToTicket(code, token, reply.trim())
                .then((updated) => {
                  setTicket(updated);
                  setReply('');
                  setSent(true);
                }, setSendError)
                .finally(() => setPending(false));
            }}
          >
            <TextField className="field" value={reply} onChange={setReply} isRequired maxLength={4000}>
              <Label className="field-label">{t('ticket.replyLabel')}</Label>
              <TextArea className="field-input" rows={4} />
            </TextField>
            <div className="form-actions">
              <Button type="submit" className="button button-primary" isPending={pending}>
                {t('ticket.send')}
              </Button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="notice-card">{t('ticket.closed')}</p>
      )}
    </Page>
  );
}
