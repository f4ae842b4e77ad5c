import { describe, expect, it } from 'vitest';
import { checkFigures } from './figure-check.js';

// A fixture in the form of a council act (a few lines; figures in the formats the acts use).
const ACT = [
  'Attribution d’une subvention à l’association Les Amis du Lez',
  'Le Conseil municipal, par délibération du 15/04/2014, attribue une subvention de 1 500 000 € à l’association Les Amis du Lez.',
  'La convention est conclue pour une durée de trois ans à compter du 1er janvier 2015.',
  'Le taux est fixé à 22,49 %.',
  'Pour : 43 — Contre : 12 — Abstentions : 3',
].join('\n\n');

const failures = (summary: string, act = ACT) => checkFigures(summary, act).failures.map((f) => `${f.kind} ${f.raw}`);

describe('checkFigures', () => {
  it('accepts a summary whose figures are all in the act, in other formats', () => {
    expect(
      failures(
        'La ville donne 1,5 M€ aux Amis du Lez, décidé le 15 avril 2014. La convention dure 3 ans, dès le 01/01/2015. Le taux reste à 22,49 %. Vote : 43 voix pour, 12 voix contre et 3 abstentions.',
      ),
    ).toEqual([]);
    expect(checkFigures('La ville donne 1.500.000 euros.', ACT).ok).toBe(true);
  });

  it('rejects a changed amount', () => {
    expect(failures('La ville donne 1 600 000 € aux Amis du Lez.')).toEqual(['unsupported_amount 1 600 000 €']);
    expect(failures('La ville donne 1,6 M€.')).toEqual(['unsupported_amount 1,6 M€']);
  });

  it('rejects a changed date', () => {
    expect(failures('Décidé le 16 avril 2014.')).toEqual(['unsupported_date 16 avril 2014']);
    expect(failures('Décidé le 15/05/2014.')).toEqual(['unsupported_date 15/05/2014']);
  });

  it('rejects a number absent from the act, in digits or in words', () => {
    expect(failures('Sept partenaires y participent.')).toEqual(['unsupported_number Sept']);
    expect(failures('Avec 7 partenaires.')).toEqual(['unsupported_number 7']);
  });

  it('rejects an amount that is only another kind of number in the act (a vote count)', () => {
    expect(failures('Chacun reçoit 43 €.')).toEqual(['unsupported_amount 43 €']);
  });

  it('rejects changed vote counts, and a unanimity the act does not state', () => {
    expect(failures('Adopté par 44 voix pour.')).toEqual(['unsupported_vote 44 voix pour']);
    expect(failures('Adopté à l’unanimité.')).toEqual(['unsupported_vote unanimité']);
    expect(checkFigures('Adopté à l’unanimité.', 'Le Conseil municipal, à l’unanimité, adopte.').ok).toBe(true);
  });

  it('rejects a changed duration', () => {
    expect(failures('La convention dure quatre ans.')).toEqual(['unsupported_duration quatre ans']);
  });

  it('rejects a name absent from the act', () => {
    expect(failures('La ville aide Les Amis de la Mosson.')).toEqual(['unsupported_name Mosson']);
    expect(failures('Jean Dupont signe.')).toEqual(['unsupported_name Jean', 'unsupported_name Dupont']);
  });

  describe('on OCR output', () => {
    const NOISY = 'Subvention de 1 5O0 000 € votée le l5 avril 2O14 ; crédits au chapitre 92O.';

    it('finds no figure the act only has inside OCR noise', () => {
      expect(failures('Subvention de 1 500 000 €.', NOISY)).toEqual(['unsupported_amount 1 500 000 €']);
      expect(failures('Votée le 15 avril 2014.', NOISY)).toEqual(['unsupported_date 15 avril 2014']);
      expect(failures('Votée le 5 avril.', NOISY)).toEqual(['unsupported_date 5 avril']);
      expect(failures('Chapitre 920.', NOISY)).toEqual(['unsupported_number 920']);
    });

    it('accepts the noise quoted exactly as the act has it, and nothing else', () => {
      expect(failures('Subvention de 1 5O0 000 €, chapitre 92O.', NOISY)).toEqual([]);
      expect(failures('Subvention de 1 5O0 001 €.', NOISY)).toEqual(['unsupported_code 1 5O0 001']);
    });
  });
});
