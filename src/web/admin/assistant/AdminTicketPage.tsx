import { useEffect, useState } from 'react';
import { Button, Form, Label, TextArea, TextField, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextInput } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { fieldErrorsOf, problemMessage } from '../../components/problem';
import { StatusMessage } from '../../components/StatusMessage';
import { useSubmission } from '../../components/useSubmission';
import { sourcePath } from '../../assistant/types';
import { useCurrentUser } from '../AuthContext';
import type { TicketDetail } from './api';
import './assistant-admin.css';
import '../../assistant/thread.css';

/** One ticket: the resident's conversation with the assistant, the cited passages, and the exchange with agents. */
export function AdminTicketPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  // One submission hook for the page: its actions share the error summary and never overlap.
  const { pending, error, submit } = useSubmission();
  const [faq, setFaq] = useState<{ question: string; answer: string } | null>(null);
  const [faqDoc, setFaqDoc] = useState<string | null>(null);
  const fieldErrors = fieldErrorsOf(t, error);

  useEffect(() => {
    api.get<TicketDetail>(`/api/admin/assistant/tickets/${id}`).then(setTicket, setLoadError);
  }, [id]);

  const act = (fn: () => Promise<TicketDetail>, message: string, onDone?: () => void) =>
    submit(async () => {
      setStatus(null);
      setTicket(await fn());
      setStatus(message);
      onDone?.();
    });

  if (loadError) {
    return (
      <Page title={t('assistant.admin.ticket.title')}>
        <p className="error-text">{problemMessage(t, loadError)}</p>
        <Link to="/admin/assistant/demandes">{t('assistant.admin.ticket.back')}</Link>
      </Page>
    );
  }
  if (!ticket) return <Loading />;
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const lastAgentReply = [...ticket.messages].reverse().find((m) => m.author === 'agent');
  const base = `/api/admin/assistant/tickets/${ticket.id}`;

  return (
    <Page title={t('assistant.admin.ticket.heading', { code: ticket.code })}>
      <p>
        <Link to="/admin/assistant/demandes">{t('assistant.admin.ticket.back')}</Link>
      </p>
      <div className="card ticket-summary">
        <p className="ticket-summary-subject">{ticket.subject}</p>
        <dl className="inline-facts">
          <div>
            <dt>{t('assistant.admin.inbox.status')}</dt>
            <dd>
              <span className={`tag ticket-tag-${ticket.status}`} data-testid="admin-ticket-status">
                {t(`assistant.ticketStatus.${ticket.status}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('assistant.admin.inbox.assignee')}</dt>
            <dd>{ticket.assigneeId ? (ticket.assigneeId === me.id ? t('assistant.admin.inbox.me') : t('assistant.admin.inbox.someoneElse')) : '—'}</dd>
          </div>
          <div>
            <dt>{t('assistant.admin.ticket.contact')}</dt>
            <dd>{ticket.contactEmail ? <a href={`mailto:${ticket.contactEmail}`}>{ticket.contactEmail}</a> : t('assistant.admin.ticket.noContact')}</dd>
          </div>
          <div>
            <dt>{t('assistant.admin.ticket.created')}</dt>
            <dd>{fmt.format(new Date(ticket.createdAt))}</dd>
          </div>
        </dl>
        <div className="row-actions">
          {ticket.assigneeId !== me.id ? (
            <Button
              className="button button-small"
              isDisabled={pending}
              onPress={() => act(() => api.post<TicketDetail>(`${base}/assign`, { assigneeId: 'me' }), t('assistant.admin.ticket.assigned'))}
            >
              {t('assistant.admin.ticket.assignMe')}
            </Button>
          ) : null}
          {ticket.status !== 'closed' ? (
            <Button
              className="button button-small"
              isDisabled={pending}
              onPress={() => act(() => api.post<TicketDetail>(`${base}/close`, {}), t('assistant.admin.ticket.closedStatus'))}
            >
              {t('assistant.admin.ticket.close')}
            </Button>
          ) : null}
        </div>
      </div>
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} />

      <div className="ticket-columns">
        <section className="section" aria-labelledby="transcript-title">
          <h2 id="transcript-title">{t('assistant.admin.ticket.transcript')}</h2>
          {ticket.transcript.messages.length === 0 ? <p>{t('assistant.admin.ticket.noTranscript')}</p> : null}
          <ol className="thread" data-testid="ticket-transcript">
            {ticket.transcript.messages.map((m, i) => (
              <li key={i} className={`thread-item thread-item-${m.role === 'user' ? 'resident' : 'assistant'}`}>
                <p className="thread-meta">
                  <strong>{m.role === 'user' ? t('assistant.admin.ticket.resident') : t('assistant.admin.ticket.assistant')}</strong>{' '}
                  {m.decision ? <span className="tag tag-muted">{t(`assistant.admin.ticket.decision.${m.decision}`, { defaultValue: m.decision })}</span> : null}
                </p>
                <p className="thread-text">{m.text}</p>
              </li>
            ))}
          </ol>
        </section>
        <section className="section" aria-labelledby="passages-title">
          <h2 id="passages-title">{t('assistant.admin.ticket.passages')}</h2>
          {ticket.transcript.citedPassages.length === 0 ? <p>{t('assistant.admin.ticket.noPassages')}</p> : null}
          <ol className="passage-list">
            {ticket.transcript.citedPassages.map((p) => (
              <li key={p.passageId} value={p.n}>
                <p className="passage-title">
                  <Link to={sourcePath({ documentId: p.documentId })}>{p.title}</Link>
                </p>
                {p.text ? <blockquote className="passage-text">{p.text}</blockquote> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>

      <section className="section" aria-labelledby="exchange-title">
        <h2 id="exchange-title">{t('assistant.admin.ticket.exchange')}</h2>
        {ticket.messages.length === 0 ? <p>{t('assistant.admin.ticket.noMessages')}</p> : null}
        <ol className="thread" data-testid="ticket-messages">
          {ticket.messages.map((m) => (
            <li key={m.id} className={`thread-item thread-item-${m.author}`}>
              <p className="thread-meta">
                <strong>{m.author === 'agent' ? t('assistant.admin.ticket.agent') : t('assistant.admin.ticket.resident')}</strong>{' '}
                <time dateTime={m.createdAt}>{fmt.format(new Date(m.createdAt))}</time>
              </p>
              <p className="thread-text">{m.text}</p>
            </li>
          ))}
        </ol>
        {ticket.status !== 'closed' ? (
          <Form
            className="form card"
            onSubmit={(e) => {
              e.preventDefault();
              if (!reply.trim()) return;
              act(
                () => api.post<TicketDetail>(`${base}/reply`, { text: reply.trim() }),
                t('assistant.admin.ticket.replied'),
                () => setReply(''),
              );
            }}
          >
            <TextField className="field" value={reply} onChange={setReply} isRequired maxLength={8000}>
              <Label className="field-label">{t('assistant.admin.ticket.replyLabel')}</Label>
              <Text slot="description" className="field-description">
                {t('assistant.admin.ticket.replyHelp')}
              </Text>
              <TextArea className="field-input" rows={5} />
            </TextField>
            <div className="form-actions">
              <Button type="submit" className="button button-primary" isPending={pending}>
                {t('assistant.admin.ticket.send')}
              </Button>
            </div>
          </Form>
        ) : null}
      </section>

      {lastAgentReply ? (
        <section className="section" aria-labelledby="faq-title">
          <h2 id="faq-title">{t('assistant.admin.ticket.faqTitle')}</h2>
          <p>{t('assistant.admin.ticket.faqIntro')}</p>
          {faqDoc ? (
            <StatusMessage tone="success">
              {t('assistant.admin.ticket.faqCreated')} <Link to={`/admin/assistant/documents/${faqDoc}`}>{t('assistant.admin.ticket.faqOpen')}</Link>
            </StatusMessage>
          ) : faq ? (
            <Form
              className="form card"
              onSubmit={(e) => {
                e.preventDefault();
                submit(() =>
                  api
                    .post<{ documentId: string }>(`${base}/draft-faq`, { question: faq.question.trim(), answer: faq.answer.trim() })
                    .then((r) => setFaqDoc(r.documentId)),
                );
              }}
            >
              <TextInput label={t('assistant.admin.ticket.faqQuestion')} name="question" isRequired value={faq.question} onChange={(question) => setFaq({ ...faq, question })} />
              <TextField className="field" value={faq.answer} onChange={(answer) => setFaq({ ...faq, answer })} isRequired>
                <Label className="field-label">{t('assistant.admin.ticket.faqAnswer')}</Label>
                <TextArea className="field-input" rows={6} />
              </TextField>
              <div className="form-actions">
                <Button type="submit" className="button button-primary" isDisabled={pending}>
                  {t('assistant.admin.ticket.faqSubmit')}
                </Button>
                <Button className="button button-subtle" onPress={() => setFaq(null)}>
                  {t('common.cancel')}
                </Button>
              </div>
            </Form>
          ) : (
            <Button className="button" onPress={() => setFaq({ question: ticket.subject.slice(0, 300), answer: lastAgentReply.text })}>
              {t('assistant.admin.ticket.faqStart')}
            </Button>
          )}
        </section>
      ) : null}
    </Page>
  );
}
