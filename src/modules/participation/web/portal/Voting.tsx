import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { useSubmission } from '@web/components/useSubmission';
import { paths, portalApi, type NextStatement, type PublicConsultation, type VoteChoice } from '../api';
import { FlagButton } from './FlagButton';

const CHOICES: { choice: VoteChoice; symbol: string }[] = [
  { choice: 'agree', symbol: '✓' },
  { choice: 'disagree', symbol: '✗' },
  { choice: 'pass', symbol: '?' },
];

/**
 * One statement at a time, as Pol.is shows them: three large buttons, the vote said back in a
 * polite live region, and focus on the next statement so that a keyboard or screen-reader user
 * goes on from where the new text begins.
 */
export function Voting({ consultation: c }: { consultation: PublicConsultation }) {
  const { t } = useTranslation('participation');
  const [next, setNext] = useState<NextStatement | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusStatement, setFocusStatement] = useState(false);
  const statementText = useRef<HTMLParagraphElement>(null);
  const doneText = useRef<HTMLParagraphElement>(null);
  const { pending, error, submit } = useSubmission();

  useEffect(() => {
    let live = true;
    portalApi.next(c.id).then(
      (n) => live && setNext(n),
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [c.id]);

  useEffect(() => {
    if (!focusStatement || !next) return;
    (next.statement ? statementText.current : doneText.current)?.focus();
    setFocusStatement(false);
  }, [focusStatement, next]);

  const vote = (choice: VoteChoice) => {
    const statement = next?.statement;
    if (!statement) return;
    setAnnouncement('');
    submit(async () => {
      await portalApi.vote(c.id, statement.id, choice);
      const following = await portalApi.next(c.id);
      setAnnouncement(following.statement ? t('vote.recorded', { choice: t(`vote.choices.${choice}`) }) : t('vote.recordedLast', { choice: t(`vote.choices.${choice}`) }));
      setNext(following);
      setFocusStatement(true);
    });
  };

  const total = next ? next.voted + next.remaining : 0;
  return (
    <section className="section pa-voting" aria-labelledby="pa-voting-title" data-testid="voting">
      <h2 id="pa-voting-title">{t('vote.title')}</h2>
      <p>{t('vote.intro')}</p>
      {/* Present before any vote, so that screen readers announce each change of its text. */}
      <p role="status" className="pa-vote-status" data-testid="vote-status">
        {announcement}
      </p>
      <ErrorSummary error={error ?? loadError} />
      {!next && !loadError ? <Loading /> : null}
      {next?.statement ? (
        <div className="pa-statement-card card" data-testid="statement-card">
          <p className="pa-statement-progress">
            {t('vote.progress', { current: next.voted + 1, total })}
          </p>
          <p ref={statementText} tabIndex={-1} className="pa-statement-text" id="pa-current-statement" data-testid="statement-text">
            {next.statement.text}
          </p>
          <div role="group" aria-labelledby="pa-vote-group-label pa-current-statement" className="pa-vote-buttons">
            <span id="pa-vote-group-label" className="visually-hidden">
              {t('vote.groupLabel')}
            </span>
            {CHOICES.map(({ choice, symbol }) => (
              <Button key={choice} className={`pa-vote-button pa-vote-${choice}`} onPress={() => vote(choice)} isDisabled={pending}>
                <span aria-hidden="true" className="pa-vote-symbol">
                  {symbol}
                </span>
                {t(`vote.choices.${choice}`)}
              </Button>
            ))}
          </div>
          <div className="pa-statement-foot">
            <p className="small">{t('vote.passHelp')}</p>
            <FlagButton key={next.statement.id} consultationId={c.id} itemType="statement" itemId={next.statement.id} number={next.statement.number} />
          </div>
        </div>
      ) : null}
      {next && !next.statement ? (
        <div className="card pa-voting-done">
          <p ref={doneText} tabIndex={-1} data-testid="voting-done">
            {next.voted > 0 ? t('vote.allDone', { count: next.voted }) : t('vote.noneYet')}
          </p>
          {next.voted > 0 ? (
            <p>
              <Link to={paths.map(c.id)}>{t('vote.seeMap')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
