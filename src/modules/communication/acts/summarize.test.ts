import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerationClient, type GenerationClient } from '../../../platform/providers/openai.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../platform/testing/fake-openai.js';
import { addOcrNoise } from './ocr-noise.js';
import { analyseAct, extractiveActSummary, summarizeAct, SUMMARY_NOTICE } from './summarize.js';
import { haveMontpellierActs, readMontpellierActs } from './test-acts.js';

const alnum = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
const SUBSIDY = '2014-04-24-0000071276.pdf';
const ELECTION = '2014-04-24-0000071246.pdf';

describe.skipIf(!haveMontpellierActs)('summaries of real acts (Montpellier, ../shared)', () => {
  let acts: Record<string, string>;
  let fake: FakeOpenAi;
  let generation: GenerationClient;
  beforeAll(async () => {
    acts = await readMontpellierActs([SUBSIDY, ELECTION]);
    fake = await startFakeOpenAi();
    generation = createGenerationClient({ enabled: true, baseUrl: fake.baseUrl, model: 'fake-gen', apiKey: '' })!;
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
  });

  it('the extractive summary of a subsidy quotes its decision with the amount, and its vote', () => {
    const summary = extractiveActSummary(acts[SUBSIDY]!);
    expect(summary.method).toBe('extractive');
    expect(summary.text).toContain('pour un montant total de 40 000 €');
    expect(summary.sentences.find((s) => s.role === 'title')?.text).toBe("Attribution d'une subvention à la Convention Nationale des Avocats");
    expect(summary.sentences.at(-1)).toMatchObject({ role: 'vote', text: 'Le Conseil Adopte' });
    expect(summary.decisiveFigures).toEqual([expect.objectContaining({ kind: 'amount', raw: '40 000 €', values: [40_000], kept: true })]);
    expect(summary.check.ok).toBe(true);
    expect(summary.notice).toBe(SUMMARY_NOTICE);
    expect(summary.readability.summary?.kandelMoles).toEqual(expect.any(Number));
    expect(summary.readability.act?.lix).toEqual(expect.any(Number));
    expect(summary.compression).toBeGreaterThan(0);
    expect(summary.compression).toBeLessThan(0.3);
  });

  it('every quoted sentence traces to the act by its offsets', () => {
    for (const name of [SUBSIDY, ELECTION]) {
      const source = acts[name]!;
      for (const s of extractiveActSummary(source).sentences) expect(alnum(source.slice(s.sourceStart, s.sourceEnd))).toBe(alnum(s.text));
    }
  });

  it('an election: the list of the elected, whole, under its opening line, then the vote', () => {
    const summary = extractiveActSummary(acts[ELECTION]!);
    const lines = summary.text.split('\n');
    expect(lines.slice(1, 3)).toEqual(['Ont été élus :', 'Patricia MIRALLES']);
    expect(lines).toContain('Nancy CANAUD');
    expect(lines.at(-1)).toBe('Le Conseil Adopte.');
  });

  it('the figure check holds on an OCR-noised copy: the summary shows no figure absent from the act as extracted', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const summary = extractiveActSummary(addOcrNoise(acts[SUBSIDY]!, { seed }));
      expect(summary.check.failures).toEqual([]);
      expect(summary.check.figures.every((f) => f.found)).toBe(true);
    }
  });

  describe('with a generation provider (fake OpenAI-compatible server)', () => {
    it('keeps a rewrite whose figures and names are all in the act', async () => {
      fake.queueChatReplies(
        'La Ville de Montpellier donne 40 000 € à la Convention Nationale des Avocats. Cet événement a lieu du 28 au 31 octobre 2014. Le Conseil adopte cette décision.',
      );
      const summary = await summarizeAct(acts[SUBSIDY]!, { generation });
      expect(summary.fallback).toBeUndefined();
      expect(summary.method).toBe('rewritten');
      expect(summary.model).toBe('fake-gen');
      expect(summary.text).toMatch(/^La Ville de Montpellier donne 40 000 €/);
      expect(summary.check.ok).toBe(true);
      expect(summary.decisiveFigures[0]).toMatchObject({ raw: '40 000 €', kept: true });
      // The rewrite was made from the extractive sentences, which stay traceable.
      expect(summary.sentences.some((s) => s.text.includes('40 000 €'))).toBe(true);
      const request = fake.chatRequests.at(-1)!;
      expect(request.messages[1]!.content).toContain('40 000 €');
    });

    it('shows the extractive summary instead of a rewrite with an invented amount', async () => {
      fake.queueChatReplies('La Ville donne 45 000 € à la Convention Nationale des Avocats.');
      const summary = await summarizeAct(acts[SUBSIDY]!, { generation });
      expect(summary.method).toBe('extractive');
      expect(summary.text).toBe(extractiveActSummary(acts[SUBSIDY]!).text);
      expect(summary.fallback).toMatchObject({ reason: 'check_failed', failures: [expect.objectContaining({ kind: 'unsupported_amount', raw: '45 000 €' })] });
    });

    it('shows the extractive summary when the provider fails', async () => {
      fake.queueChatReplies(new Error('boom'), new Error('boom'));
      const summary = await summarizeAct(analyseAct(acts[SUBSIDY]!), { generation });
      expect(summary.method).toBe('extractive');
      expect(summary.fallback).toMatchObject({ reason: 'provider_error', detail: 'HTTP 500' });
      expect(summary.check.ok).toBe(true);
    });

    it('without a provider, never calls one', async () => {
      const before = fake.chatRequests.length;
      const summary = await summarizeAct(acts[SUBSIDY]!);
      expect(summary.method).toBe('extractive');
      expect(fake.chatRequests.length).toBe(before);
    });
  });
});
