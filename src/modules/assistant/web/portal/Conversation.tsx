import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@web/api/client';
import { problemMessage } from '@web/components/problem';
import { currentLanguage } from '@web/i18n';
import { assistantApi, type TranscriptMessage } from './api';
import { AnswerView } from './AnswerView';
import { HandoffDone, HandoffForm } from './HandoffForm';
import { MAX_QUESTION_CHARS, type AssistantAnswer, type HandoffResult } from './types';

type Item = { kind: 'user'; key: string; text: string } | { kind: 'answer'; key: string; conversationId: string; answer: AssistantAnswer };

const CONVERSATION_KEY = 'beffroi.assistant.conversation';
const HANDOFF_KEY = 'beffroi.assistant.handoff';

function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeSession(key: string, value: string | null) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    /* the conversation then lasts for this page only */
  }
}

function itemsOf(conversationId: string, messages: TranscriptMessage[]): Item[] {
  const items: Item[] = [];
  for (const m of messages) {
    if (m.role === 'user') items.push({ kind: 'user', key: `u${m.id}`, text: m.text });
    else if (m.role === 'assistant') items.push({ kind: 'answer', key: `a${m.id}`, conversationId, answer: m });
  }
  return items;
}

/**
 * The resident's conversation with the assistant. The conversation id stays in the tab's
 * session storage, so that opening a cited source and coming back finds the conversation again.
 */
export function Conversation() {
  const { t } = useTranslation('assistant');
  const [conversationId, setConversationId] = useState<string | null>(() => readSession(CONVERSATION_KEY));
  const [items, setItems] = useState<Item[]>([]);
  const [question, setQuestion] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [handoffOpen, setHandoffOpen] = useState(false);
  const [handoff, setHandoff] = useState<HandoffResult | null>(() => {
    const raw = readSession(HANDOFF_KEY);
    try {
      return raw ? (JSON.parse(raw) as HandoffResult) : null;
    } catch {
      return null;
    }
  });
  const input = useRef<HTMLTextAreaElement>(null);
  const counter = question.length;
  const tooLong = counter > MAX_QUESTION_CHARS;

  useEffect(() => {
    if (!conversationId) return;
    let live = true;
    assistantApi.transcript(conversationId).then(
      (transcript) => live && setItems(itemsOf(conversationId, transcript.messages)),
      (err: unknown) => {
        // Deleted after the retention period, or from another server: start afresh.
        if (live && err instanceof ApiError && err.status === 404) reset();
      },
    );
    return () => {
      live = false;
    };
    // Only on arrival: later messages are appended as they come.
  }, []);

  function reset() {
    writeSession(CONVERSATION_KEY, null);
    writeSession(HANDOFF_KEY, null);
    setConversationId(null);
    setItems([]);
    setHandoff(null);
    setHandoffOpen(false);
    setError(null);
  }

  async function ensureConversation(): Promise<string> {
    if (conversationId) return conversationId;
    const started = await assistantApi.start(currentLanguage());
    writeSession(CONVERSATION_KEY, started.id);
    setConversationId(started.id);
    return started.id;
  }

  async function send() {
    const text = question.trim();
    if (!text || tooLong || pending) return;
    setPending(true);
    setError(null);
    const key = `pending-${Date.now()}`;
    setItems((prev) => [...prev, { kind: 'user', key, text }]);
    setQuestion('');
    try {
      const id = await ensureConversation();
      const answer = await assistantApi.ask(id, text, currentLanguage());
      setItems((prev) => [...prev, { kind: 'answer', key: `a${answer.id}`, conversationId: id, answer }]);
    } catch (err) {
      setItems((prev) => prev.filter((i) => i.key !== key));
      setQuestion(text);
      setError(err);
    } finally {
      setPending(false);
      input.current?.focus();
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const startHandoff = () => setHandoffOpen(true);

  return (
    <div className="chat" data-testid="assistant-chat">
      <ol className="chat-log" aria-live="polite" aria-relevant="additions" aria-label={t('chat.logLabel')} data-testid="chat-log">
        {items.map((item) =>
          item.kind === 'user' ? (
            <li key={item.key} className="chat-item chat-item-user">
              <p className="chat-author">{t('chat.you')}</p>
              <p className="chat-bubble chat-bubble-user">{item.text}</p>
            </li>
          ) : (
            <li key={item.key} className="chat-item chat-item-assistant">
              <p className="chat-author">{t('chat.assistantName')}</p>
              <div className="chat-bubble chat-bubble-assistant">
                <AnswerView conversationId={item.conversationId} answer={item.answer} onHandoff={startHandoff} handoffDone={Boolean(handoff) || handoffOpen} />
              </div>
            </li>
          ),
        )}
      </ol>
      {pending ? (
        <p className="chat-pending" role="status">
          <span className="chat-pending-dots" aria-hidden="true" /> {t('chat.searching')}
        </p>
      ) : null}
      {items.length === 0 && !pending ? <p className="chat-empty">{t('chat.empty')}</p> : null}

      {handoffOpen && conversationId && !handoff ? (
        <HandoffForm
          conversationId={conversationId}
          suggestedSubject={handoffSubject(items)}
          onCancel={() => {
            setHandoffOpen(false);
            input.current?.focus();
          }}
          onDone={(result) => {
            writeSession(HANDOFF_KEY, JSON.stringify(result));
            setHandoff(result);
            setHandoffOpen(false);
          }}
        />
      ) : null}
      {handoff ? <HandoffDone result={handoff} /> : null}

      <Form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {error ? (
          <p className="error-text" role="alert" data-testid="chat-error">
            {problemMessage(t, error)}
          </p>
        ) : null}
        <TextField className="field chat-field" value={question} onChange={setQuestion} isInvalid={tooLong}>
          <Label className="field-label">{t('chat.questionLabel')}</Label>
          <Text slot="description" className="field-description">
            {t('chat.questionHelp', { max: MAX_QUESTION_CHARS.toLocaleString(currentLanguage()) })}
          </Text>
          <TextArea ref={input} className="field-input chat-input" rows={3} onKeyDown={onKeyDown} data-testid="chat-input" />
          {tooLong ? (
            <Text slot="errorMessage" className="field-error">
              {t('chat.tooLong', { count: counter, max: MAX_QUESTION_CHARS })}
            </Text>
          ) : null}
        </TextField>
        <div className="chat-actions">
          {/* Not isPending: React Aria would announce the button by its id, a reference left dangling once a citation opens the
              source page in the same tab (axe: role-img-alt); the search is announced by the status line above. */}
          <Button type="submit" className="button button-primary" isDisabled={pending || !question.trim() || tooLong}>
            {t('chat.send')}
          </Button>
          {conversationId && items.length > 0 && !handoff && !handoffOpen ? (
            <Button className="button button-subtle" onPress={startHandoff}>
              {t('answer.talkToAgent')}
            </Button>
          ) : null}
          {conversationId ? (
            <Button className="button button-subtle" onPress={reset}>
              {t('chat.newConversation')}
            </Button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}

/** The question the assistant could not answer (the last one), else the last question asked: the hand-off's subject, for the resident to confirm. */
function handoffSubject(items: readonly Item[]): string | undefined {
  let last: string | undefined;
  let unanswered: string | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'user') continue;
    last = item.text;
    const next = items[i + 1];
    if (next?.kind === 'answer' && next.answer.decision !== 'answered') unanswered = item.text;
  }
  return unanswered ?? last;
}
