import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, TextArea, TextField, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { fieldErrorsOf } from '@web/components/problem';
import { assistantApi } from './api';
import { ticketPath, type HandoffResult } from './types';

interface HandoffFormProps {
  conversationId: string;
  /** What the agent reads first, for the resident to confirm or correct: the question the assistant could not answer. */
  suggestedSubject?: string | undefined;
  onDone(result: HandoffResult): void;
  onCancel(): void;
}

/** "Talk to an agent": an optional email and message; the conversation becomes a ticket. */
export function HandoffForm({ conversationId, suggestedSubject, onDone, onCancel }: HandoffFormProps) {
  const { t } = useTranslation('assistant');
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [subject, setSubject] = useState(() => (suggestedSubject ?? '').replace(/\s+/g, ' ').trim().slice(0, 140));
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const fieldErrors = fieldErrorsOf(t, error);

  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="handoff card" aria-labelledby="handoff-title" data-testid="handoff-form">
      <h2 id="handoff-title" ref={heading} tabIndex={-1} className="handoff-title">
        {t('handoff.title')}
      </h2>
      <p>{t('handoff.intro')}</p>
      <ErrorSummary
        error={error}
        fieldErrors={fieldErrors}
        fieldLabels={{ subject: t('handoff.subject'), contactEmail: t('handoff.email'), message: t('handoff.message') }}
      />
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          setPending(true);
          setError(null);
          assistantApi
            .handoff(conversationId, {
              ...(subject.trim() ? { subject: subject.trim() } : {}),
              ...(email.trim() ? { contactEmail: email.trim() } : {}),
              ...(message.trim() ? { message: message.trim() } : {}),
            })
            .then(onDone, setError)
            .finally(() => setPending(false));
        }}
      >
        <TextInput label={t('handoff.subject')} description={t('handoff.subjectHelp')} name="subject" value={subject} onChange={setSubject} maxLength={140} />
        <TextInput
          label={t('handoff.email')}
          description={t('handoff.emailHelp')}
          name="contactEmail"
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
        />
        <TextField className="field" name="message" value={message} onChange={setMessage} maxLength={4000}>
          <Label className="field-label">{t('handoff.message')}</Label>
          <Text slot="description" className="field-description">
            {t('handoff.messageHelp')}
          </Text>
          <TextArea className="field-input" rows={4} />
        </TextField>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={pending}>
            {t('handoff.submit')}
          </Button>
          <Button className="button button-subtle" onPress={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** After the hand-off: the ticket code and the private link, which is the only way back to the reply. */
export function HandoffDone({ result }: { result: HandoffResult }) {
  const { t } = useTranslation('assistant');
  const box = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  const path = ticketPath(result.ticketCode, result.accessToken);
  const absolute = `${window.location.origin}${path}`;
  useEffect(() => box.current?.focus(), []);
  return (
    <section ref={box} tabIndex={-1} className="handoff handoff-done card" aria-labelledby="handoff-done-title" data-testid="handoff-done">
      <h2 id="handoff-done-title" className="handoff-title">
        {t('handoff.doneTitle')}
      </h2>
      <p>{t('handoff.doneText')}</p>
      <dl className="handoff-facts">
        <div>
          <dt>{t('handoff.code')}</dt>
          <dd className="mono" data-testid="ticket-code">
            {result.ticketCode}
          </dd>
        </div>
        <div>
          <dt>{t('handoff.link')}</dt>
          <dd>
            <Link to={path} className="handoff-link" data-testid="ticket-link">
              {absolute}
            </Link>
          </dd>
        </div>
      </dl>
      <p className="field-description">{t('handoff.linkHelp')}</p>
      <div className="form-actions">
        <Button
          className="button button-small"
          onPress={() => {
            void navigator.clipboard?.writeText(absolute).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {t('handoff.copy')}
        </Button>
        <span role="status" className="small">
          {copied ? t('handoff.copied') : ''}
        </span>
      </div>
    </section>
  );
}
