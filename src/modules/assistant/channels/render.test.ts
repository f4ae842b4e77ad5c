import { describe, expect, it } from 'vitest';
import type { AssistantMessageView } from '../engine/service';
import { plainInline, renderPlainText } from './render';

const citation = (n: number, start: number) => ({
  n,
  passageId: 'p1',
  documentId: 'd1',
  versionId: 'v1',
  title: 'Horaires de la mairie',
  sourceUrl: 'https://ville.fr/horaires',
  start,
  end: start + 10,
});

const answer: AssistantMessageView = {
  id: 1,
  decision: 'answered',
  text: 'Hôtel de ville :\n- Du lundi au vendredi : de 8 h 30 à 17 h 30. [1]\n- Le samedi : de 9 h à 12 h. [2]',
  sentences: [],
  citations: [citation(1, 100), citation(2, 150)],
  confidence: 0.9,
  suggestions: [],
  handoffAvailable: true,
  language: 'en',
  createdAt: '2026-01-01T00:00:00.000Z',
  blocks: [],
  sources: [
    {
      documentId: 'd1',
      versionId: 'v1',
      title: 'Horaires de la mairie',
      sourceUrl: 'https://ville.fr/horaires',
      citations: [1, 2],
      spans: [
        { n: 1, start: 100, end: 110 },
        { n: 2, start: 150, end: 160 },
      ],
    },
  ],
  answerType: 'hours',
  sourcesLanguage: 'fr',
  quotedInAnotherLanguage: true,
  abstentionReason: null,
};

describe('plain text for messaging channels', () => {
  it('keeps the list as lines, lists a document cited twice once, and says the quotes are in French', () => {
    expect(renderPlainText(answer, 'en')).toBe(
      [
        'Hôtel de ville :',
        '- Du lundi au vendredi : de 8 h 30 à 17 h 30. [1]',
        '- Le samedi : de 9 h à 12 h. [2]',
        '',
        '(The documents are in French: the answer quotes them as written.)',
        '',
        'Sources :',
        '[1][2] Horaires de la mairie — https://ville.fr/horaires',
      ].join('\n'),
    );
  });

  it('lists citations one by one for a message stored before sources were grouped', () => {
    const old = { ...answer, language: 'fr', quotedInAnotherLanguage: false, sources: undefined } as unknown as AssistantMessageView;
    expect(renderPlainText(old, 'fr')).toContain('Sources :\n[1] Horaires de la mairie — https://ville.fr/horaires\n[2] Horaires de la mairie');
  });

  it('writes Markdown emphasis and links as a messaging app shows them', () => {
    expect(plainInline('Sur l’**Espace Famille** : [portail](https://ville.fr)')).toBe('Sur l’*Espace Famille* : portail (https://ville.fr)');
  });
});
