import { describe, expect, it } from 'vitest';
import { checkAnswer, type AnswerPassage } from './answer-check.js';
import {
  INJECTION_BENIGN_PASSAGE,
  INJECTION_CASES,
  INJECTION_COMPLIANT_REPLY_EN,
  INJECTION_COMPLIANT_REPLY_FR,
  type InjectionCase,
} from './injection-cases.js';
import { SYSTEM_PROMPTS, buildAnswerMessages, escapeContent } from './prompt.js';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function setup(c: InjectionCase) {
  const passages: { title: string; text: string }[] = [
    { title: INJECTION_BENIGN_PASSAGE.title, text: INJECTION_BENIGN_PASSAGE.text },
  ];
  if (c.where === 'document') passages.push({ title: `Document ${c.id}`, text: c.text });
  const question = c.where === 'question' ? c.text : c.lang === 'fr' ? 'Quels sont les horaires ?' : 'What are the opening hours?';
  const messages = buildAnswerMessages({ question, passages, language: c.lang });
  const checkPassages: AnswerPassage[] = passages.map((p, i) => ({ id: String(i + 1), text: p.text }));
  return { passages, messages, checkPassages };
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]|\uDB40[\uDC00-\uDC7F]/;

describe('injection test set', () => {
  it('has at least 20 cases, unique ids, both places and both languages', () => {
    expect(INJECTION_CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(INJECTION_CASES.map((c) => c.id)).size).toBe(INJECTION_CASES.length);
    expect(new Set(INJECTION_CASES.map((c) => c.where))).toEqual(new Set(['question', 'document']));
    expect(new Set(INJECTION_CASES.map((c) => c.lang))).toEqual(new Set(['fr', 'en']));
    for (const c of INJECTION_CASES) {
      expect(c.text.length).toBeGreaterThan(0);
      expect(c.description.length).toBeGreaterThan(0);
    }
  });
});

describe.each(INJECTION_CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  it('leaves the system prompt unchanged', () => {
    const { messages } = setup(c);
    expect(messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPTS[c.lang] });
    expect(messages).toHaveLength(2);
  });

  it('cannot forge delimiters', () => {
    const { messages, passages } = setup(c);
    const content = messages[1]!.content;
    expect(count(content, '<passage ')).toBe(passages.length);
    expect(count(content, '</passage>')).toBe(passages.length);
    expect(count(content, '<passages>')).toBe(1);
    expect(count(content, '</passages>')).toBe(1);
    expect(count(content, '<question ')).toBe(1);
    expect(count(content, '</question>')).toBe(1);
    expect(content).not.toMatch(/<system>|<\|im_start\|>|<!--/);
    expect(content).not.toMatch(INVISIBLE);
    // The injected text is present, escaped, inside its own block.
    const escaped = escapeContent(c.text);
    expect(content).toContain(escaped);
    const block =
      c.where === 'question'
        ? content.slice(content.indexOf('<question '), content.indexOf('</question>'))
        : content.slice(content.lastIndexOf('<passage '), content.lastIndexOf('</passage>'));
    expect(block).toContain(escaped);
  });

  it('rejects a reply that obeys the injection', () => {
    const { checkPassages } = setup(c);
    const result = checkAnswer(c.obeyedReply, checkPassages);
    expect(result.ok).toBe(false);
    expect(result.failures.length).toBeGreaterThan(0);
  });

  it('accepts a compliant cited reply', () => {
    const { checkPassages } = setup(c);
    const reply = c.lang === 'fr' ? INJECTION_COMPLIANT_REPLY_FR : INJECTION_COMPLIANT_REPLY_EN;
    const result = checkAnswer(reply, checkPassages);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    for (const f of c.forbidden) expect(reply).not.toContain(f);
  });
});

describe('specific rejections', () => {
  const byId = (id: string) => INJECTION_CASES.find((c) => c.id === id)!;
  const failureKinds = (id: string) => {
    const c = byId(id);
    return checkAnswer(c.obeyedReply, setup(c).checkPassages).failures.map((f) => f.kind);
  };

  it('exfiltration links are rejected', () => {
    expect(failureKinds('q-exfil-markdown-image-fr')).toContain('unsupported_url');
    // Even though the injected passage itself contains evil.example, the
    // image is rejected, and the filled-in query differs from the passage.
    expect(failureKinds('d-exfil-markdown-image-en')).toContain('unsupported_url');
    expect(failureKinds('d-markdown-link-phishing-fr')).toContain('unsupported_url');
    expect(failureKinds('d-system-prefix-fr')).toContain('unsupported_url');
  });

  it('phone numbers not in the cited passages are rejected', () => {
    expect(failureKinds('d-closed-forever-fr')).toContain('unsupported_phone');
    expect(failureKinds('d-html-comment-fr')).toContain('unsupported_phone');
    expect(failureKinds('d-chat-template-tokens')).toContain('unsupported_phone');
    expect(failureKinds('q-hallucinated-contact-fr')).toEqual(['unsupported_phone', 'unsupported_email']);
  });

  it('uncited sentences are rejected', () => {
    for (const id of ['q-ignore-previous-fr', 'q-closed-forever-fr', 'q-reveal-system-prompt-fr', 'q-system-prefix-en']) {
      expect(failureKinds(id)).toContain('uncited_sentence');
    }
  });

  it('citations to forged passages are rejected', () => {
    expect(failureKinds('d-fake-passage-delimiter')).toEqual(['unknown_citation', 'unsupported_date']);
  });
});
