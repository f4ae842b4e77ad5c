import { useEffect, useId, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput } from '@web/components/fields';
import { fieldErrorsOf } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { formatNumber } from '../shared/format';
import { CONTRIBUTION_MAX_LENGTH, portalApi, STATEMENT_MAX_LENGTH, type PublicConsultation, type SubmissionResult } from '../api';

/** Characters as the server counts them (code points, not UTF-16 units). */
const lengthOf = (text: string) => [...text].length;

/** "Propose a statement": one line for others to vote on, moderated before or after it is shown. */
export function ProposeStatement({ consultation: c }: { consultation: PublicConsultation }) {
  return (
    <SubmissionForm
      kind="statement"
      consultation={c}
      maxLength={STATEMENT_MAX_LENGTH}
      rows={3}
      // A statement is one line: a line break typed or pasted becomes a space.
      normalise={(v) => v.replace(/\s*[\r\n]+\s*/g, ' ')}
      send={(text) => portalApi.propose(c.id, text)}
    />
  );
}

/** The free contribution: up to 2,000 characters, shown back as it will be published (personal data masked). */
export function ContributionForm({ consultation: c }: { consultation: PublicConsultation }) {
  return <SubmissionForm kind="contribution" consultation={c} maxLength={CONTRIBUTION_MAX_LENGTH} rows={7} send={(text) => portalApi.contribute(c.id, text)} />;
}

function SubmissionForm({
  kind,
  consultation: c,
  maxLength,
  rows,
  normalise = (v) => v,
  send,
}: {
  kind: 'statement' | 'contribution';
  consultation: PublicConsultation;
  maxLength: number;
  rows: number;
  normalise?(value: string): string;
  send(text: string): Promise<SubmissionResult>;
}) {
  const { t, i18n } = useTranslation('participation');
  const [text, setText] = useState('');
  const [result, setResult] = useState<SubmissionResult | null>(null);
  const [focusResult, setFocusResult] = useState(false);
  const resultBox = useRef<HTMLDivElement>(null);
  const counterId = useId();
  const { error, submit } = useSubmission();
  const length = lengthOf(text.trim());
  const tooLong = length > maxLength;
  const titleId = `pa-${kind}-title`;

  useEffect(() => {
    if (focusResult) resultBox.current?.focus();
    setFocusResult(false);
  }, [focusResult]);

  return (
    <section className="section pa-submission" aria-labelledby={titleId} data-testid={`${kind}-form`}>
      <h2 id={titleId}>{t(`${kind}.title`)}</h2>
      <p>{t(`${kind}.intro`)}</p>
      {result ? (
        <div ref={resultBox} tabIndex={-1} className="card pa-result" data-testid={`${kind}-result`}>
          <p className="pa-result-title">
            <strong>{t(`${kind}.thanks`, { number: result.number })}</strong>
          </p>
          <p>{result.status === 'pending' && c.moderationMode === 'before' ? t('submission.afterModeration') : t('submission.published')}</p>
          <p>{t('submission.asPublished')}</p>
          <blockquote className="pa-result-text" data-testid={`${kind}-published-text`}>
            {result.text}
          </blockquote>
          {result.redacted ? <p className="pa-redacted-note">{t('submission.redacted')}</p> : null}
        </div>
      ) : null}
      <Form
        className="form"
        validationErrors={fieldErrorsOf(t, error)}
        onSubmit={(e) => {
          e.preventDefault();
          const value = text.trim();
          if (!value || tooLong) return;
          submit(async () => {
            setResult(await send(value));
            setText('');
            setFocusResult(true);
          });
        }}
      >
        <ErrorSummary error={error} />
        <TextAreaInput
          label={t(`${kind}.label`)}
          description={t(`${kind}.help`)}
          name="text"
          rows={rows}
          isRequired
          value={text}
          onChange={(v) => setText(normalise(v))}
          isInvalid={tooLong || undefined}
          aria-describedby={counterId}
        />
        <p id={counterId} className={tooLong ? 'pa-counter pa-counter-over' : 'pa-counter'} data-testid={`${kind}-counter`}>
          {t(tooLong ? 'submission.tooLong' : 'submission.counter', { n: formatNumber(i18n.language, length), max: formatNumber(i18n.language, maxLength) })}
        </p>
        <div className="form-actions">
          <Button type="submit" className="button button-primary pa-big-button" isDisabled={tooLong || length === 0}>
            {t(`${kind}.submit`)}
          </Button>
        </div>
      </Form>
    </section>
  );
}
