import { Fragment, useId, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { problemMessage } from '@web/components/problem';
import { assistantApi } from './api';
import {
  FEEDBACK_TAGS_NEGATIVE,
  FEEDBACK_TAGS_POSITIVE,
  inlineRuns,
  sourcePath,
  type AssistantAnswer,
  type Citation,
  type FeedbackTag,
} from './types';

/** One answer of the assistant: its sentences with numbered citations, its sources, and the feedback form. */
export function AnswerView({
  conversationId,
  answer,
  onHandoff,
  handoffDone,
}: {
  conversationId: string;
  answer: AssistantAnswer;
  onHandoff(): void;
  handoffDone: boolean;
}) {
  const { t } = useTranslation('assistant');
  const byNumber = new Map(answer.citations.map((c) => [c.n, c]));
  if (answer.decision === 'abstained') {
    return (
      <div className="answer answer-abstained" data-testid="answer-abstained">
        <p className="answer-text">{answer.text}</p>
        {answer.suggestions.length > 0 && (
          <>
            <p className="answer-subtitle">{t('answer.suggestionsTitle')}</p>
            <ul className="answer-suggestions">
              {answer.suggestions.map((s) => (
                <li key={s.documentId}>
                  <Link to={sourcePath({ documentId: s.documentId })}>{s.title}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {answer.handoffAvailable && !handoffDone && (
          <div className="answer-handoff">
            <p>{t('answer.handoffOffer')}</p>
            <Button className="button button-primary" onPress={onHandoff} data-testid="handoff-offer">
              {t('answer.talkToAgent')}
            </Button>
          </div>
        )}
        <Feedback conversationId={conversationId} messageId={answer.id} />
      </div>
    );
  }
  return (
    <div className="answer" data-testid="answer">
      <p className="answer-text">
        {answer.sentences.length > 0
          ? answer.sentences.map((s, i) => (
              <span key={i}>
                <Inline text={s.text} />
                {s.citations.map((n) => {
                  const c = byNumber.get(n);
                  return c ? <CitationLink key={n} citation={c} /> : null;
                })}{' '}
              </span>
            ))
          : <Inline text={answer.text} />}
      </p>
      {answer.citations.length > 0 && (
        <>
          <p className="answer-subtitle">{t('answer.sourcesTitle')}</p>
          <ol className="answer-sources">
            {answer.citations.map((c) => (
              <li key={c.n} value={c.n}>
                <Link to={sourcePath(c)}>{c.title}</Link>
              </li>
            ))}
          </ol>
        </>
      )}
      <Feedback conversationId={conversationId} messageId={answer.id} />
    </div>
  );
}

function Inline({ text }: { text: string }) {
  return (
    <>
      {inlineRuns(text).map((r, i) => (r.strong ? <strong key={i}>{r.text}</strong> : <Fragment key={i}>{r.text}</Fragment>))}
    </>
  );
}

function CitationLink({ citation }: { citation: Citation }) {
  const { t } = useTranslation('assistant');
  return (
    <Link
      to={sourcePath(citation)}
      className="citation"
      aria-label={t('answer.citationLabel', { n: citation.n, title: citation.title })}
      data-testid="citation"
    >
      [{citation.n}]
    </Link>
  );
}

type FeedbackState = { helpful: boolean | null; sent: 'none' | 'vote' | 'details' };

function Feedback({ conversationId, messageId }: { conversationId: string; messageId: number }) {
  const { t } = useTranslation('assistant');
  const commentId = useId();
  const [state, setState] = useState<FeedbackState>({ helpful: null, sent: 'none' });
  const [tags, setTags] = useState<FeedbackTag[]>([]);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const send = async (helpful: boolean, details: boolean) => {
    setPending(true);
    setError(null);
    try {
      await assistantApi.feedback(conversationId, messageId, {
        helpful,
        tags: details ? tags : [],
        ...(details && comment.trim() ? { comment: comment.trim() } : {}),
      });
      setState({ helpful, sent: details ? 'details' : 'vote' });
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  const vote = (helpful: boolean) => {
    if (state.helpful !== helpful) setTags([]);
    void send(helpful, false);
  };

  const available = state.helpful === null ? [] : state.helpful ? FEEDBACK_TAGS_POSITIVE : FEEDBACK_TAGS_NEGATIVE;

  return (
    <div className="feedback" role="group" aria-label={t('feedback.question')}>
      <div className="feedback-vote">
        <span className="feedback-question" aria-hidden="true">
          {t('feedback.question')}
        </span>
        <Button
          className="button button-small feedback-button"
          aria-pressed={state.helpful === true}
          onPress={() => vote(true)}
          isDisabled={pending}
        >
          <span aria-hidden="true" className="thumb thumb-up" />
          {t('feedback.yes')}
        </Button>
        <Button
          className="button button-small feedback-button"
          aria-pressed={state.helpful === false}
          onPress={() => vote(false)}
          isDisabled={pending}
        >
          <span aria-hidden="true" className="thumb thumb-down" />
          {t('feedback.no')}
        </Button>
      </div>
      {state.helpful !== null && state.sent !== 'details' && (
        <form
          className="feedback-details"
          onSubmit={(e) => {
            e.preventDefault();
            void send(state.helpful!, true);
          }}
        >
          <CheckboxGroup className="feedback-tags" value={tags} onChange={(v) => setTags(v as FeedbackTag[])}>
            <Label className="field-label">{t('feedback.tagsLegend')}</Label>
            <div className="feedback-tag-list">
              {available.map((tag) => (
                <Checkbox key={tag} value={tag} className="chip">
                  <span className="chip-box" aria-hidden="true" />
                  {t(`feedback.tags.${tag}`)}
                </Checkbox>
              ))}
            </div>
          </CheckboxGroup>
          <TextField className="field" value={comment} onChange={setComment} maxLength={2000}>
            <Label className="field-label" id={commentId}>
              {t('feedback.comment')}
            </Label>
            <TextArea className="field-input feedback-comment" rows={2} />
          </TextField>
          <Button type="submit" className="button button-small" isDisabled={pending}>
            {t('feedback.send')}
          </Button>
        </form>
      )}
      <div role="status" className="feedback-status">
        {state.sent === 'vote' ? t('feedback.thanksVote') : state.sent === 'details' ? t('feedback.thanks') : ''}
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}
