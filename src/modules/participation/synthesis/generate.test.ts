import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerationClient, type GenerationClient } from '../../../platform/providers/openai';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../../../platform/testing/fake-openai';
import { allMembers } from './describe';
import { improveWithProvider, parseThemeReply } from './generate';
import { renameTheme } from './operations';
import { SAMPLE_CONTRIBUTIONS } from './sample-contributions';
import { synthesizeContributions } from './synthesize';
import type { Contribution, Synthesis, Theme } from './types';

interface SentData {
  keywords: string[];
  contributions: { ref: string; text: string }[];
}

/** What the fake model was shown for a theme: the JSON after the user message's first line. */
function sentData(req: FakeChatRequest): SentData {
  const user = req.messages.find((m) => m.role === 'user')!.content;
  return JSON.parse(user.slice(user.indexOf('\n') + 1)) as SentData;
}

const themeOf = (s: Synthesis, contributionId: string): Theme => s.themes.find((t) => allMembers(t).includes(contributionId))!;

describe('provider path: labels, summaries and claims from a model, checked', () => {
  let fake: FakeOpenAi;
  let client: GenerationClient;
  const offline = synthesizeContributions(SAMPLE_CONTRIBUTIONS);
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    client = createGenerationClient({ enabled: true, baseUrl: fake.baseUrl, model: 'fake-gen', apiKey: '' })!;
  });
  afterAll(() => fake.close());

  /**
   * A model that, for the cycling theme, returns: a valid claim with an exact quote, a claim naming
   * no contribution it was shown, a claim whose only quote is a paraphrase, and a claim with one
   * exact and one altered quote (number changed). Other themes get a label and one valid claim.
   */
  const scriptedModel = (req: FakeChatRequest): string => {
    const data = sentData(req);
    const byText = (needle: string) => data.contributions.find((c) => c.text.includes(needle));
    const cycling = byText('pistes cyclables sécurisées');
    if (cycling) {
      const v2 = byText('piste cyclable continue')!;
      return [
        'Voici la synthèse demandée :',
        '```json',
        JSON.stringify({
          label: 'Pistes cyclables continues et sûres',
          summary: 'Les habitants demandent des pistes cyclables continues et sécurisées ; une contribution s’y oppose.',
          claims: [
            {
              text: 'Des habitants demandent des pistes cyclables sécurisées pour aller au travail.',
              contributions: [cycling.ref, v2.ref],
              quotes: [{ contribution: cycling.ref, text: 'plus de pistes cyclables sécurisées' }],
            },
            { text: 'Tout le monde veut supprimer les voitures du centre.', contributions: ['99'], quotes: [] },
            {
              text: 'Les habitants trouvent l’avenue dangereuse.',
              contributions: [v2.ref],
              quotes: [{ contribution: v2.ref, text: 'le vélo est dangereux sur cette avenue' }],
            },
            {
              text: 'Une piste continue le long de l’avenue est demandée.',
              contributions: [],
              quotes: [
                { contribution: `#${v2.ref}`, text: 'une piste cyclable continue le long de l’avenue' },
                { contribution: v2.ref, text: 'une piste cyclable continue le long de 2 avenues' },
              ],
            },
          ],
        }),
        '```',
      ].join('\n');
    }
    const first = data.contributions[0]!;
    return JSON.stringify({
      label: `Thème : ${data.keywords[0]}`,
      summary: 'Résumé du thème.',
      claims: [{ text: 'Une affirmation soutenue.', contributions: [Number(first.ref)], quotes: [{ contribution: first.ref, text: first.text.slice(0, 20) }] }],
    });
  };

  it('keeps valid claims with their supporting contributions, drops unsupported claims and made-up quotes', async () => {
    fake.chatHandler = scriptedModel;
    const improved = await improveWithProvider(offline, SAMPLE_CONTRIBUTIONS, client);
    const cycling = themeOf(improved, 'v1');
    expect(cycling.label).toBe('Pistes cyclables continues et sûres');
    expect(cycling.labelOrigin).toBe('model');
    expect(cycling.summary).toContain('pistes cyclables continues');
    expect(cycling.claims.map((c) => c.text)).toEqual([
      'Des habitants demandent des pistes cyclables sécurisées pour aller au travail.',
      'Une piste continue le long de l’avenue est demandée.',
    ]);
    const [first, second] = cycling.claims as [Theme['claims'][number], Theme['claims'][number]];
    expect(first.supportingContributionIds).toEqual(['v1', 'v2']);
    expect(first.quotes).toEqual([{ contributionId: 'v1', start: 8, end: 43, text: 'plus de pistes cyclables sécurisées' }]);
    // Supported by its one exact quote; the quote with a changed number is not shown.
    expect(second.supportingContributionIds).toEqual(['v2']);
    expect(second.quotes.map((q) => q.text)).toEqual(['une piste cyclable continue le long de l’avenue']);
    for (const theme of improved.themes) {
      for (const claim of theme.claims) {
        for (const q of claim.quotes) expect(SAMPLE_CONTRIBUTIONS.find((c) => c.id === q.contributionId)!.text.slice(q.start, q.end)).toBe(q.text);
        expect(claim.supportingContributionIds.every((id) => allMembers(theme).includes(id))).toBe(true);
      }
    }
    expect(improved.generation).toMatchObject({
      mode: 'provider',
      model: 'fake-gen',
      themesSent: 3,
      themesImproved: 3,
      themesFallenBack: 0,
      claimsProposed: 6,
      claimsKept: 4,
      claimsUnsupported: 2,
      quotesProposed: 6,
      quotesKept: 4,
      quotesRejected: 2,
      errors: [],
    });
    expect(improved.methodology.text.fr).toContain('fake-gen');
    expect(improved.methodology.text.en).toContain('4 kept, 2 rejected');
    // What was not the model's to change is the offline result.
    expect(improved.standingAlone).toEqual(offline.standingAlone);
    expect(cycling.dissent).toEqual(themeOf(offline, 'v1').dissent);
  });

  it('sends contributions under short references, with personal data masked', async () => {
    fake.chatRequests.length = 0;
    fake.chatHandler = scriptedModel;
    const withEmail: Contribution[] = SAMPLE_CONTRIBUTIONS.map((c) =>
      c.id === 'c2' ? { ...c, text: `${c.text} Écrivez-moi à jean.dupont@example.org pour en parler.` } : c,
    );
    await improveWithProvider(synthesizeContributions(withEmail), withEmail, client);
    const sent = JSON.stringify(fake.chatRequests);
    expect(sent).not.toContain('jean.dupont@example.org');
    expect(sent).toContain('[courriel]');
    expect(sent).not.toContain('"v1"');
  });

  it('does not rename a theme a person named', async () => {
    fake.chatHandler = scriptedModel;
    const named = renameTheme(offline, { themeId: themeOf(offline, 'v1').id, label: 'Vélo en ville' }).synthesis;
    const improved = await improveWithProvider(named, SAMPLE_CONTRIBUTIONS, client);
    expect(themeOf(improved, 'v1')).toMatchObject({ label: 'Vélo en ville', labelOrigin: 'person' });
    expect(themeOf(improved, 'v1').claims.length).toBe(2);
  });

  it('falls back to the offline result when the provider fails', async () => {
    fake.chatHandler = () => new Error('upstream down');
    const result = await improveWithProvider(offline, SAMPLE_CONTRIBUTIONS, client);
    expect(result.themes).toEqual(offline.themes);
    expect(result.generation).toMatchObject({ mode: 'fallback', model: 'fake-gen', themesSent: 3, themesImproved: 0, themesFallenBack: 3, errors: ['HTTP 500'] });
    expect(result.methodology.text.en).toContain('returned nothing usable');
  });

  it('falls back when the replies are not valid, and keeps the themes that did get a valid one', async () => {
    fake.chatHandler = () => 'Je ne peux pas répondre en JSON.';
    const invalid = await improveWithProvider(offline, SAMPLE_CONTRIBUTIONS, client);
    expect(invalid.themes).toEqual(offline.themes);
    expect(invalid.generation).toMatchObject({ mode: 'fallback', themesFallenBack: 3, errors: ['invalid reply'] });

    // Only unsupported claims and no label: nothing valid for that theme either.
    fake.chatHandler = (req) =>
      sentData(req).contributions.some((c) => c.text.includes('cantine'))
        ? JSON.stringify({ claims: [{ text: 'Affirmation sans appui.', contributions: ['42'] }] })
        : scriptedModel(req);
    const partial = await improveWithProvider(offline, SAMPLE_CONTRIBUTIONS, client, { concurrency: 1 });
    expect(partial.generation).toMatchObject({ mode: 'provider', themesImproved: 2, themesFallenBack: 1 });
    expect(themeOf(partial, 'c1')).toEqual(themeOf(offline, 'c1'));
    expect(themeOf(partial, 'v1').labelOrigin).toBe('model');
  });
});

describe('parseThemeReply', () => {
  it('reads a bare object, a fenced one, or the object inside prose, and refuses the rest', () => {
    const reply = { label: 'L', claims: [{ text: 'T', contributions: [1, '#2'], quotes: [{ contribution: '[3]', text: 'q' }] }] };
    expect(parseThemeReply(JSON.stringify(reply))).toMatchObject({ label: 'L', claims: [{ contributions: ['1', '2'], quotes: [{ contribution: '3' }] }] });
    expect(parseThemeReply('```json\n' + JSON.stringify(reply) + '\n```')).not.toBeNull();
    expect(parseThemeReply('Voici : ' + JSON.stringify(reply) + ' Bonne journée.')).not.toBeNull();
    expect(parseThemeReply('pas de JSON')).toBeNull();
    expect(parseThemeReply(JSON.stringify({ claims: 'nope' }))).toBeNull();
  });
});
