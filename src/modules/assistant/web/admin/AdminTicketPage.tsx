import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, TextArea, TextField, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '@web/api/client';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { sourcePath } from '../portal/types';
import { useCurrentUser } from '@web/admin/AuthContext';
import type { TicketDetail, TicketErasure } from './api';
import './assistant-admin.css';
import '../portal/thread.css';

/** One ticket: the resident's conversation with the assistant, the cited passages, and the exchange with agents. */
export function AdminTicketPage() {
  const { t, i18n } = useTranslation('assistant');
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
  const [erasing, setErasing] = useState(false);

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
      <Page title={t('admin.ticket.title')}>
        <p className="error-text">{problemMessage(t, loadError)}</p>
        <Link to="/admin/assistant/demandes">{t('admin.ticket.back')}</Link>
      </Page>
    );
  }
  if (!ticket) return <Loading />;
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const lastAgentReply = [...ticket.messages].reverse().find((m) => m.author === 'agent');
  const base = `/api/admin/assistant/tickets/${ticket.id}`;

  return (
    <Page title={t('admin.ticket.heading', { code: ticket.code })}>
      <p>
        <Link to="/admin/assistant/demandes">{t('admin.ticket.back')}</Link>
      </p>
      <div className="card ticket-summary">
        <p className="ticket-summary-subject">{ticket.subject}</p>
        <dl className="inline-facts">
          <div>
            <dt>{t('admin.inbox.status')}</dt>
            <dd>
              <span className={`tag ticket-tag-${ticket.status}`} data-testid="admin-ticket-status">
                {t(`ticketStatus.${ticket.status}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('admin.inbox.assignee')}</dt>
            <dd>{ticket.assigneeId ? (ticket.assigneeId === me.id ? t('admin.inbox.me') : t('admin.inbox.someoneElse')) : '—'}</dd>
          </div>
          <div>
            <dt>{t('admin.ticket.contact')}</dt>
            <dd>{ticket.contactEmail ? <a href={`mailto:${ticket.contactEmail}`}>{ticket.contactEmail}</a> : t('admin.ticket.noContact')}</dd>
          </div>
          <div>
            <dt>{t('admin.ticket.created')}</dt>
            <dd>{fmt.format(new Date(ticket.createdAt))}</dd>
          </div>
        </dl>
        <div className="row-actions">
          {ticket.assigneeId !== me.id ? (
            <Button
              className="button button-small"
              isDisabled={pending}
              onPress={() => act(() => api.post<TicketDetail>(`${base}/assign`, { assigneeId: 'me' }), t('admin.ticket.assigned'))}
            >
              {t('admin.ticket.assignMe')}
            </Button>
          ) : null}
          {ticket.status !== 'closed' ? (
            <Button
              className="button button-small"
              isDisabled={pending}
              onPress={() => act(() => api.post<TicketDetail>(`${base}/close`, {}), t('admin.ticket.closedStatus'))}
            >
              {t('admin.ticket.close')}
            </Button>
          ) : null}
        </div>
      </div>
      {status ? <StatusMessage tone="success">{status}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} />

      <div className="ticket-columns">
        <section className="section" aria-labelledby="transcript-title">
          <h2 id="transcript-title">{t('admin.ticket.transcript')}</h2>
          {ticket.transcript.messages.length === 0 ? <p>{t('admin.ticket.noTranscript')}</p> : null}
          <ol className="thread" data-testid="ticket-transcript">
            {ticket.transcript.messages.map((m, i) => (
              <li key={i} className={`thread-item thread-item-${m.role === 'user' ? 'resident' : 'assistant'}`}>
                <p className="thread-meta">
                  <strong>{m.role === 'user' ? t('admin.ticket.resident') : t('admin.ticket.assistant')}</strong>{' '}
                  {m.decision ? <span className="tag tag-muted">{t(`admin.ticket.decision.${m.decision}`, { defaultValue: m.decision })}</span> : null}
                </p>
                <p className="thread-text">{m.text}</p>
              </li>
            ))}
          </ol>
        </section>
        <section className="section" aria-labelledby="passages-title">
          <h2 id="passages-title">{t('admin.ticket.passages')}</h2>
          {ticket.transcript.citedPassages.length === 0 ? <p>{t('admin.ticket.noPassages')}</p> : null}
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
        <h2 id="exchange-title">{t('admin.ticket.exchange')}</h2>
        {ticket.messages.length === 0 ? <p>{t('admin.ticket.noMessages')}</p> : null}
        <ol className="thread" data-testid="ticket-messages">
          {ticket.messages.map((m) => (
            <li key={m.id} className={`thread-item thread-item-${m.author}`}>
              <p className="thread-meta">
                <strong>{m.author === 'agent' ? t('admin.ticket.agent') : t('admin.ticket.resident')}</strong>{' '}
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
                t('admin.ticket.replied'),
                () => setReply(''),
              );
            }}
          >
            <TextField className="field" value={reply} onChange={setReply} isRequired maxLength={8000}>
              <Label className="field-label">{t('admin.ticket.replyLabel')}</Label>
              <Text slot="description" className="field-description">
                {t('admin.ticket.replyHelp')}
              </Text>
              <TextArea className="field-input" rows={5} />
            </TextField>
            <div className="form-actions">
              <Button type="submit" className="button button-primary" isPending={pending}>
                {t('admin.ticket.send')}
              </Button>
            </div>
          </Form>
        ) : null}
      </section>

      {lastAgentReply ? (
        <section className="section" aria-labelledby="faq-title">
          <h2 id="faq-title">{t('admin.ticket.faqTitle')}</h2>
          <p>{t('admin.ticket.faqIntro')}</p>
          {faqDoc ? (
            <StatusMessage tone="success">
              {t('admin.ticket.faqCreated')} <Link to={`/admin/assistant/documents/${faqDoc}`}>{t('admin.ticket.faqOpen')}</Link>
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
              <TextInput label={t('admin.ticket.faqQuestion')} name="question" isRequired value={faq.question} onChange={(question) => setFaq({ ...faq, question })} />
              <TextField className="field" value={faq.answer} onChange={(answer) => setFaq({ ...faq, answer })} isRequired>
                <Label className="field-label">{t('admin.ticket.faqAnswer')}</Label>
                <TextArea className="field-input" rows={6} />
              </TextField>
              <div className="form-actions">
                <Button type="submit" className="button button-primary" isDisabled={pending}>
                  {t('admin.ticket.faqSubmit')}
                </Button>
                <Button className="button button-subtle" onPress={() => setFaq(null)}>
                  {t('common.cancel')}
                </Button>
              </div>
            </Form>
          ) : (
            <Button className="button" onPress={() => setFaq({ question: ticket.subject.slice(0, 300), answer: lastAgentReply.text })}>
              {t('admin.ticket.faqStart')}
            </Button>
          )}
        </section>
      ) : null}

      <section className="section" aria-labelledby="erase-title">
        <h2 id="erase-title">{t('admin.erase.title')}</h2>
        <p>{t('admin.erase.intro')}</p>
        <Button className="button button-danger" isDisabled={pending} onPress={() => setErasing(true)}>
          {t('admin.erase.button')}
        </Button>
      </section>
      {erasing ? <EraseDialog ticket={ticket} onClose={() => setErasing(false)} /> : null}
    </Page>
  );
}

/**
 * Erasure at the resident's request: what goes, said plainly before; what went, counted after;
 * then back to the inbox, where the erasure is announced.
 */
function EraseDialog({ ticket, onClose }: { ticket: TicketDetail; onClose(): void }) {
  const { t } = useTranslation('assistant');
  const navigate = useNavigate();
  const { pending, error, submit } = useSubmission();
  const [result, setResult] = useState<TicketErasure | null>(null);
  const backToInbox = () => navigate('/admin/assistant/demandes', { state: { erasedTicketCode: ticket.code } });
  // The button that was pressed is gone: focus goes to what was erased, read out first.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);

  return (
    <ModalDialog
      isOpen
      role="alertdialog"
      // Not while the erasure runs; once erased, the ticket page has nothing left to show: back to the inbox.
      onClose={pending ? () => {} : result ? backToInbox : onClose}
      title={result ? t('admin.erase.doneTitle', { code: ticket.code }) : t('admin.erase.confirmTitle', { code: ticket.code })}
    >
      {result ? (
        <>
          <div ref={outcome} tabIndex={-1} className="erasure-outcome">
            <p>{t('admin.erase.doneIntro')}</p>
            <ul data-testid="erasure-counts">
              <li>{t('admin.erase.counts.ticketMessages', { count: result.erased.ticketMessages })}</li>
              <li>{result.erased.contactEmail ? t('admin.erase.counts.contactEmail') : t('admin.erase.counts.noContactEmail')}</li>
              <li>
                {t('admin.erase.counts.conversations', { count: result.erased.conversations })}{' '}
                {t('admin.erase.counts.conversationMessages', { count: result.erased.conversationMessages })}
              </li>
              <li>{t('admin.erase.counts.questionLogTexts', { count: result.erased.questionLogTexts })}</li>
            </ul>
          </div>
          <div className="form-actions">
            <Button className="button button-primary" onPress={backToInbox}>
              {t('admin.erase.back')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p>{t('admin.erase.willDelete')}</p>
          <ul>
            <li>{t('admin.erase.what.ticket')}</li>
            <li>{t('admin.erase.what.contact')}</li>
            <li>{t('admin.erase.what.conversation')}</li>
            <li>{t('admin.erase.what.otherConversations')}</li>
            <li>{t('admin.erase.what.statistics')}</li>
          </ul>
          <p>{t('admin.erase.audit')}</p>
          <p>
            <strong>{t('admin.erase.irreversible')}</strong>
          </p>
          {error ? (
            <p className="error-text" role="alert">
              {problemMessage(t, error)}
            </p>
          ) : null}
          <div className="form-actions">
            {/* Not isPending: React Aria would announce this button by its id, gone once the erasure is done. */}
            <Button
              className="button button-danger-strong"
              onPress={() =>
                submit(() => api.post<TicketErasure>(`/api/admin/assistant/tickets/${ticket.id}/erase`, {}).then(setResult))
              }
            >
              {t('admin.erase.confirm')}
            </Button>
            <Button className="button" isDisabled={pending} onPress={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
