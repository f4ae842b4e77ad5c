/**
 * Beffroi's embeddable assistant. One tag on any site of the commune:
 *
 *   <script src="https://<beffroi>/widget.js" data-beffroi-url="https://<beffroi>" defer></script>
 *
 * adds a floating button that opens the assistant in a panel. Everything lives in a Shadow DOM
 * with its own stylesheet, so the host page's CSS neither leaks in nor is touched; the API is
 * called with `fetch` on `data-beffroi-url` (no cookies). Plain DOM, no framework: the script
 * stays small on sites that are not ours.
 *
 * Options (data attributes on the script tag): `data-beffroi-url` (default: the script's
 * origin), `data-lang` (`fr` | `en`; default: the host page's `<html lang>`).
 */
import enStrings from '../modules/assistant/web/i18n/en.json';
import frStrings from '../modules/assistant/web/i18n/fr.json';
import { WIDGET_CSS } from './styles';
import type { AssistantAnswer, ConversationStarted, FeedbackTag, HandoffResult } from '../modules/assistant/web/portal/types';
import { FEEDBACK_TAGS_NEGATIVE, FEEDBACK_TAGS_POSITIVE, inlineRuns, MAX_QUESTION_CHARS, sourcePath, ticketPath } from '../modules/assistant/web/portal/types';

type Lang = 'fr' | 'en';

interface Options {
  baseUrl: string;
  lang: Lang;
}

class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readOptions(script: HTMLScriptElement | null): Options {
  const fromScript = script?.src ? new URL(script.src, document.baseURI).origin : window.location.origin;
  const baseUrl = (script?.dataset.beffroiUrl || fromScript).replace(/\/+$/, '');
  const wanted = (script?.dataset.lang || document.documentElement.lang || 'fr').slice(0, 2).toLowerCase();
  return { baseUrl, lang: wanted === 'en' ? 'en' : 'fr' };
}

/** `t('chat.send')`, with `{{name}}` interpolation, in the widget's language. */
function translator(lang: Lang) {
  const table = (lang === 'en' ? enStrings : frStrings) as unknown as Record<string, unknown>;
  const fallback = frStrings as unknown as Record<string, unknown>;
  const lookup = (root: Record<string, unknown>, key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), root);
  return (key: string, vars: Record<string, string | number> = {}): string => {
    const raw = lookup(table, key) ?? lookup(fallback, key);
    const text = typeof raw === 'string' ? raw : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}

type Child = Node | string | null | undefined | false;

/** Creates an element; `props` keys starting with `on` are listeners, others attributes. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function appendInline(parent: HTMLElement, text: string) {
  for (const run of inlineRuns(text)) parent.append(run.strong ? h('strong', {}, run.text) : run.text);
}

let uid = 0;
const nextId = (prefix: string) => `bfw-${prefix}-${++uid}`;

export function mountWidget(options: Options): { host: HTMLElement; open(): void; close(): void } {
  const t = translator(options.lang);
  const base = options.baseUrl;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        credentials: 'omit',
        // The server writes its error messages in the widget's language, not the browser's.
        headers: { accept: 'application/json, application/problem+json', 'accept-language': options.lang, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiProblem(0, 'network_error', t('widget.error'));
    }
    const text = await res.text();
    const payload = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    if (!res.ok) {
      const detail = typeof payload?.detail === 'string' ? payload.detail : t('widget.error');
      const pointerMessage = Array.isArray(payload?.errors) && payload.errors[0] && typeof (payload.errors[0] as { message?: unknown }).message === 'string'
        ? (payload.errors[0] as { message: string }).message
        : null;
      throw new ApiProblem(res.status, String(payload?.code ?? `http_${res.status}`), pointerMessage ?? detail);
    }
    return payload as T;
  }

  // ---- Host and shadow root ---------------------------------------------------------------
  const host = document.createElement('beffroi-assistant');
  // Inline !important beats any stylesheet rule of the host page, even an !important one.
  for (const [prop, value] of [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['z-index', '2147483000'],
    ['right', '0'],
    ['bottom', '0'],
    ['display', 'block'],
    ['width', '0'],
    ['height', '0'],
    ['overflow', 'visible'],
  ] as const) {
    host.style.setProperty(prop, value, 'important');
  }
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    // Older browsers: a <style> in the shadow root (a host page with a strict CSP may block it).
    root.append(h('style', {}, WIDGET_CSS));
  }

  const panelId = nextId('panel');
  const titleId = nextId('title');
  const inputId = nextId('input');
  const helpId = nextId('help');

  const launcher = h(
    'button',
    { type: 'button', className: 'launcher', 'aria-expanded': 'false', 'aria-controls': panelId, 'data-testid': 'widget-launcher' },
    h('span', { className: 'launcher-icon', 'aria-hidden': 'true' }),
    h('span', { className: 'launcher-text' }, t('widget.open')),
  );

  const closeButton = h('button', { type: 'button', className: 'icon-button', 'aria-label': t('widget.close') }, h('span', { 'aria-hidden': 'true', className: 'close-icon' }));
  const log = h('ol', { className: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('chat.logLabel'), 'data-testid': 'widget-log' });
  const pending = h('p', { className: 'pending', role: 'status' });
  const empty = h('p', { className: 'empty' }, t('chat.empty'));
  const errorBox = h('p', { className: 'error', role: 'alert' });
  const textarea = h('textarea', {
    id: inputId,
    rows: 2,
    'aria-describedby': helpId,
    className: 'input',
    'data-testid': 'widget-input',
  });
  const sendButton = h('button', { type: 'submit', className: 'button primary' }, t('chat.send'));
  const form = h(
    'form',
    { className: 'composer' },
    h('label', { for: inputId, className: 'label' }, t('chat.questionLabel')),
    textarea,
    h('p', { id: helpId, className: 'help' }, t('chat.questionHelp', { max: MAX_QUESTION_CHARS.toLocaleString(options.lang) })),
    errorBox,
    h('div', { className: 'actions' }, sendButton),
  );
  const handoffSlot = h('div', { className: 'handoff-slot' });

  const panel = h(
    'div',
    { id: panelId, className: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId, hidden: true, lang: options.lang, 'data-testid': 'widget-panel' },
    h(
      'div',
      { className: 'header' },
      h('h2', { id: titleId, className: 'title', tabindex: '-1' }, t('widget.title')),
      closeButton,
    ),
    h(
      'div',
      { className: 'body' },
      h(
        'p',
        { className: 'notice' },
        h('span', { className: 'badge' }, t('widget.badge')),
        ' ',
        t('widget.notice'),
        ' ',
        h('a', { href: `${base}/transparence#assistant.answers`, target: '_blank', rel: 'noopener' }, t('widget.learnMore')),
      ),
      empty,
      log,
      pending,
      handoffSlot,
    ),
    form,
    h('p', { className: 'footer' }, h('a', { href: `${base}/assistant`, target: '_blank', rel: 'noopener' }, t('widget.openFull'))),
  );
  root.append(h('div', { className: 'frame', lang: options.lang }, panel, launcher));

  // ---- Behaviour ---------------------------------------------------------------------------
  let conversation: ConversationStarted | null = null;
  let busy = false;
  let handoffState: 'none' | 'open' | 'done' = 'none';

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.classList.add('is-open');
    textarea.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.classList.remove('is-open');
    launcher.focus();
  }
  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeButton.addEventListener('click', close);
  root.addEventListener('keydown', (e) => {
    const ev = e as KeyboardEvent;
    if (ev.key === 'Escape' && !panel.hidden) {
      ev.preventDefault();
      close();
    }
  });
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void ask();
  });

  function setError(message: string) {
    errorBox.textContent = message;
  }

  async function ensureConversation(): Promise<ConversationStarted> {
    if (conversation) return conversation;
    conversation = await call<ConversationStarted>('POST', '/api/assistant/conversations', { language: options.lang });
    return conversation;
  }

  // The hand-off's suggested subject: the last question the assistant could not answer, else the last asked.
  let lastAsked = '';
  let lastUnanswered = '';

  async function ask() {
    const text = textarea.value.trim();
    if (!text || busy) return;
    if (text.length > MAX_QUESTION_CHARS) {
      setError(t('chat.tooLong', { count: text.length, max: MAX_QUESTION_CHARS }));
      return;
    }
    busy = true;
    setError('');
    sendButton.disabled = true;
    empty.hidden = true;
    const mine = h('li', { className: 'item user' }, h('p', { className: 'author' }, t('chat.you')), h('p', { className: 'bubble user-bubble' }, text));
    log.append(mine);
    textarea.value = '';
    pending.textContent = t('chat.searching');
    try {
      const conv = await ensureConversation();
      const answer = await call<AssistantAnswer>('POST', `/api/assistant/conversations/${encodeURIComponent(conv.id)}/messages`, {
        text,
        language: options.lang,
      });
      lastAsked = text;
      if (answer.decision !== 'answered') lastUnanswered = text;
      log.append(renderAnswer(conv.id, answer));
      mine.scrollIntoView({ block: 'start' });
    } catch (err) {
      mine.remove();
      textarea.value = text;
      setError((err as Error).message);
    } finally {
      busy = false;
      sendButton.disabled = false;
      pending.textContent = '';
      textarea.focus();
    }
  }

  function link(path: string, label: string, extra: Record<string, unknown> = {}) {
    return h('a', { href: `${base}${path}`, target: '_blank', rel: 'noopener', ...extra }, label);
  }

  function renderAnswer(conversationId: string, answer: AssistantAnswer): HTMLLIElement {
    const box = h('div', { className: 'bubble assistant-bubble' });
    const byN = new Map(answer.citations.map((c) => [c.n, c]));
    if (answer.decision === 'answered') {
      const p = h('p', { className: 'answer-text', 'data-testid': 'widget-answer' });
      if (answer.sentences.length) {
        for (const s of answer.sentences) {
          appendInline(p, s.text);
          for (const n of s.citations) {
            const c = byN.get(n);
            if (c) p.append(link(sourcePath(c), `[${n}]`, { className: 'citation', 'aria-label': t('answer.citationLabel', { n, title: c.title }), 'data-testid': 'widget-citation' }));
          }
          p.append(' ');
        }
      } else {
        appendInline(p, answer.text);
      }
      box.append(p);
      if (answer.citations.length) {
        box.append(h('p', { className: 'subtitle' }, t('answer.sourcesTitle')));
        const ol = h('ol', { className: 'sources' });
        for (const c of answer.citations) ol.append(h('li', { value: c.n }, link(sourcePath(c), c.title)));
        box.append(ol);
      }
    } else {
      box.append(h('p', { className: 'answer-text', 'data-testid': 'widget-abstained' }, answer.text));
      if (answer.suggestions.length) {
        box.append(h('p', { className: 'subtitle' }, t('answer.suggestionsTitle')));
        const ul = h('ul', { className: 'sources' });
        for (const s of answer.suggestions) ul.append(h('li', {}, link(sourcePath({ documentId: s.documentId }), s.title)));
        box.append(ul);
      }
      if (answer.handoffAvailable && handoffState === 'none') {
        const offer = h(
          'div',
          { className: 'offer' },
          h('p', {}, t('answer.handoffOffer')),
          h('button', { type: 'button', className: 'button primary', 'data-testid': 'widget-handoff', onClick: () => openHandoff(offer) }, t('answer.talkToAgent')),
        );
        box.append(offer);
      }
    }
    box.append(renderFeedback(conversationId, answer.id));
    return h('li', { className: 'item assistant' }, h('p', { className: 'author' }, t('chat.assistantName')), box);
  }

  function renderFeedback(conversationId: string, messageId: number): HTMLElement {
    const question = t('feedback.question');
    const status = h('p', { role: 'status', className: 'feedback-status' });
    const details = h('div', { className: 'feedback-details', hidden: true });
    const yes = h('button', { type: 'button', className: 'button small', 'aria-pressed': 'false' }, t('feedback.yes'));
    const no = h('button', { type: 'button', className: 'button small', 'aria-pressed': 'false' }, t('feedback.no'));
    let helpful: boolean | null = null;
    const send = async (withDetails: boolean) => {
      if (helpful === null) return;
      const tags = withDetails
        ? [...details.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((i) => i.value as FeedbackTag)
        : [];
      const comment = withDetails ? (details.querySelector('textarea')?.value.trim() ?? '') : '';
      try {
        await call('POST', `/api/assistant/conversations/${encodeURIComponent(conversationId)}/messages/${messageId}/feedback`, { helpful, tags, ...(comment ? { comment } : {}) });
        status.textContent = withDetails ? t('feedback.thanks') : t('feedback.thanksVote');
        if (withDetails) details.hidden = true;
      } catch (err) {
        status.textContent = (err as Error).message;
      }
    };
    const vote = (value: boolean) => {
      helpful = value;
      yes.setAttribute('aria-pressed', String(value));
      no.setAttribute('aria-pressed', String(!value));
      details.replaceChildren(...detailsFor(value, () => void send(true)));
      details.hidden = false;
      void send(false);
    };
    yes.addEventListener('click', () => vote(true));
    no.addEventListener('click', () => vote(false));
    return h(
      'div',
      { className: 'feedback', role: 'group', 'aria-label': question },
      h('div', { className: 'feedback-vote' }, h('span', { className: 'feedback-question', 'aria-hidden': 'true' }, question), yes, no),
      details,
      status,
    );
  }

  function detailsFor(helpful: boolean, onSend: () => void): Node[] {
    const tags = helpful ? FEEDBACK_TAGS_POSITIVE : FEEDBACK_TAGS_NEGATIVE;
    const commentId = nextId('comment');
    const fieldset = h('fieldset', { className: 'chips' }, h('legend', { className: 'label' }, t('feedback.tagsLegend')));
    for (const tag of tags) {
      fieldset.append(h('label', { className: 'chip' }, h('input', { type: 'checkbox', value: tag }), ' ', t(`feedback.tags.${tag}`)));
    }
    return [
      fieldset,
      h('label', { for: commentId, className: 'label' }, t('feedback.comment')),
      h('textarea', { id: commentId, rows: 2, maxlength: 2000, className: 'input' }),
      h('div', { className: 'actions' }, h('button', { type: 'button', className: 'button small', onClick: onSend }, t('feedback.send'))),
    ];
  }

  function openHandoff(offer: HTMLElement) {
    if (!conversation || handoffState !== 'none') return;
    handoffState = 'open';
    offer.remove();
    const emailId = nextId('email');
    const messageId = nextId('message');
    const subjectId = nextId('subject');
    const subjectHelpId = nextId('subject-help');
    const emailHelpId = nextId('email-help');
    const err = h('p', { className: 'error', role: 'alert' });
    const heading = h('h3', { className: 'subtitle-lg', tabindex: '-1' }, t('handoff.title'));
    const submit = h('button', { type: 'submit', className: 'button primary' }, t('handoff.submit'));
    const cancel = h('button', { type: 'button', className: 'button' }, t('widget.close'));
    const handoffForm = h(
      'form',
      { className: 'handoff', 'data-testid': 'widget-handoff-form' },
      heading,
      h('p', {}, t('handoff.intro')),
      h('label', { for: subjectId, className: 'label' }, t('handoff.subject')),
      h('input', { id: subjectId, type: 'text', maxlength: 140, className: 'input', 'aria-describedby': subjectHelpId, value: (lastUnanswered || lastAsked).replace(/\s+/g, ' ').slice(0, 140) }),
      h('p', { id: subjectHelpId, className: 'help' }, t('handoff.subjectHelp')),
      h('label', { for: emailId, className: 'label' }, t('handoff.email')),
      h('input', { id: emailId, type: 'email', autocomplete: 'email', className: 'input', 'aria-describedby': emailHelpId }),
      h('p', { id: emailHelpId, className: 'help' }, t('handoff.emailHelp')),
      h('label', { for: messageId, className: 'label' }, t('handoff.message')),
      h('textarea', { id: messageId, rows: 3, maxlength: 4000, className: 'input' }),
      err,
      h('div', { className: 'actions' }, submit, cancel),
    );
    // On a phone the panel is short: the question box steps aside while the hand-off form is open.
    form.hidden = true;
    cancel.addEventListener('click', () => {
      form.hidden = false;
      handoffForm.remove();
      handoffState = 'none';
      textarea.focus();
    });
    handoffForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const email = (handoffForm.querySelector(`#${emailId}`) as HTMLInputElement).value.trim();
      const subject = (handoffForm.querySelector(`#${subjectId}`) as HTMLInputElement).value.trim();
      const message = (handoffForm.querySelector(`#${messageId}`) as HTMLTextAreaElement).value.trim();
      submit.disabled = true;
      err.textContent = '';
      call<HandoffResult>('POST', `/api/assistant/conversations/${encodeURIComponent(conversation!.id)}/handoff`, {
        ...(subject ? { subject } : {}),
        ...(email ? { contactEmail: email } : {}),
        ...(message ? { message } : {}),
      }).then(
        (result) => {
          handoffState = 'done';
          const path = ticketPath(result.ticketCode, result.accessToken);
          const done = h(
            'div',
            { className: 'handoff done', tabindex: '-1', 'data-testid': 'widget-handoff-done' },
            h('h3', { className: 'subtitle-lg' }, t('handoff.doneTitle')),
            h('p', {}, t('handoff.doneText')),
            h('p', {}, `${t('handoff.code')} : `, h('strong', { className: 'code', 'data-testid': 'widget-ticket-code' }, result.ticketCode)),
            h('p', {}, link(path, t('widget.ticketLink'), { 'data-testid': 'widget-ticket-link', className: 'ticket-link' })),
            h('p', { className: 'help' }, t('handoff.linkHelp')),
          );
          handoffForm.replaceWith(done);
          form.hidden = false;
          done.focus();
        },
        (e2: unknown) => {
          submit.disabled = false;
          err.textContent = (e2 as Error).message;
        },
      );
    });
    handoffSlot.append(handoffForm);
    heading.focus();
  }

  document.body.append(host);
  return { host, open, close };
}

function boot() {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-beffroi-url], script[src$="/widget.js"]');
  const options = readOptions(script);
  const start = () => {
    if (document.querySelector('beffroi-assistant')) return;
    mountWidget(options);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

boot();
