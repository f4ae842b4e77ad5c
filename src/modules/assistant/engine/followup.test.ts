import { describe, expect, it } from 'vitest';
import { looksLikeFollowUp, searchQueryFor } from './followup';

describe('follow-up detection', () => {
  it('inherits the previous topic for an elliptic question', () => {
    for (const q of ['et le samedi ?', 'Et pour les enfants ?', 'combien ça coûte ?', 'Faut-il prendre rendez-vous ?', 'Quelles pièces fournir ?', 'Is it open on Sunday?']) {
      expect(looksLikeFollowUp(q), q).toBe(true);
    }
    expect(searchQueryFor('Faut-il réserver ?', 'horaires piscine')).toEqual({
      query: 'Faut-il réserver ? Faut-il réserver ? horaires piscine',
      followUp: true,
    });
  });

  it('treats a question naming its own topic as a new topic, even after "et"', () => {
    for (const q of ['Peut-on adopter un lama à la mairie ?', 'Et peut-on adopter un lama ?', 'and can I adopt a llama?', 'Quels sont les horaires de la déchèterie ?']) {
      expect(looksLikeFollowUp(q), q).toBe(false);
    }
    expect(searchQueryFor('Peut-on adopter un lama à la mairie ?', 'Quels sont les horaires de la mairie ?')).toEqual({
      query: 'Peut-on adopter un lama à la mairie ?',
      followUp: false,
    });
  });
});
