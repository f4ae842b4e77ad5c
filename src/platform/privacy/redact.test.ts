import { describe, expect, it } from 'vitest';
import {
  REDACTION_PLACEHOLDERS,
  detectPersonalData,
  isLuhnValid,
  isValidIban,
  isValidNir,
  redactPersonalData,
  type RedactionKind,
} from './redact.js';

interface Case {
  input: string;
  /** Expected redacted text. */
  expected: string;
  kinds: RedactionKind[];
}

// Valid identifiers used below (checksums computed by hand / reference values):
//   NIR 1 85 05 78 006 084 91 (key 91), 2 90 12 2A 004 123 67 (Corsica, key 67)
//   IBAN FR76 3000 6000 0112 3456 7890 189, DE89 3704 0044 0532 0130 00,
//        GB82 WEST 1234 5698 7654 32, BE68 5390 0754 7034
//   Cards 4970 1012 3456 7893 (Visa), 5130 1234 5678 9017 (MC), 3782 822463 10005 (Amex)

const TRUE_POSITIVES: Case[] = [
  // --- e-mail
  { input: 'Mon adresse est jean.dupont@gmail.com, merci.', expected: 'Mon adresse est [courriel], merci.', kinds: ['email'] },
  { input: 'Écrivez à marie-claire_42+mairie@orange.fr.', expected: 'Écrivez à [courriel].', kinds: ['email'] },
  { input: 'contact: J.Martin@Sub.Domaine.co.uk', expected: 'contact: [courriel]', kinds: ['email'] },
  { input: 'Mail : élodie.françois@laposte.net', expected: 'Mail : [courriel]', kinds: ['email'] },
  // --- phone numbers
  { input: 'Rappelez-moi au 0612345678.', expected: 'Rappelez-moi au [téléphone].', kinds: ['phone'] },
  { input: 'Mon numéro : 06 12 34 56 78', expected: 'Mon numéro : [téléphone]', kinds: ['phone'] },
  { input: 'Tél. 06.12.34.56.78 (le soir)', expected: 'Tél. [téléphone] (le soir)', kinds: ['phone'] },
  { input: 'Tel 06-12-34-56-78', expected: 'Tel [téléphone]', kinds: ['phone'] },
  { input: 'Joignable au +33 6 12 34 56 78 en semaine', expected: 'Joignable au [téléphone] en semaine', kinds: ['phone'] },
  { input: 'Joignable au +33 (0)6 12 34 56 78', expected: 'Joignable au [téléphone]', kinds: ['phone'] },
  { input: 'Depuis l’étranger : 0033 6 12 34 56 78', expected: 'Depuis l’étranger : [téléphone]', kinds: ['phone'] },
  { input: 'Numéro +33612345678 !', expected: 'Numéro [téléphone] !', kinds: ['phone'] },
  { input: 'Fixe : 01 23 45 67 89 ou portable 07 98 76 54 32', expected: 'Fixe : [téléphone] ou portable [téléphone]', kinds: ['phone', 'phone'] },
  { input: 'Appelez la mairie au 05 56 00 00 00.', expected: 'Appelez la mairie au [téléphone].', kinds: ['phone'] },
  { input: 'À La Réunion : +262 692 12 34 56', expected: 'À La Réunion : [téléphone]', kinds: ['phone'] },
  { input: 'En Belgique +32 2 123 45 67', expected: 'En Belgique [téléphone]', kinds: ['phone'] },
  { input: 'Tél : 06 12 34 56 78', expected: 'Tél : [téléphone]', kinds: ['phone'] },
  // --- NIR
  { input: 'Mon numéro de sécu est 1 85 05 78 006 084 91.', expected: 'Mon numéro de sécu est [n° sécurité sociale].', kinds: ['nir'] },
  { input: 'NIR : 185057800608491', expected: 'NIR : [n° sécurité sociale]', kinds: ['nir'] },
  { input: 'sans clé : 1850578006084', expected: 'sans clé : [n° sécurité sociale]', kinds: ['nir'] },
  { input: 'Né en Corse : 2 90 12 2A 004 123 67', expected: 'Né en Corse : [n° sécurité sociale]', kinds: ['nir'] },
  { input: 'Numéro 1 80 05 2B 012 345 60 svp', expected: 'Numéro [n° sécurité sociale] svp', kinds: ['nir'] },
  // --- IBAN
  { input: 'Mon IBAN : FR76 3000 6000 0112 3456 7890 189 pour le remboursement', expected: 'Mon IBAN : [IBAN] pour le remboursement', kinds: ['iban'] },
  { input: 'IBAN FR7630006000011234567890189.', expected: 'IBAN [IBAN].', kinds: ['iban'] },
  { input: 'Compte allemand DE89 3704 0044 0532 0130 00', expected: 'Compte allemand [IBAN]', kinds: ['iban'] },
  { input: 'UK: GB82 WEST 1234 5698 7654 32 BIC WESTGB22', expected: 'UK: [IBAN] BIC WESTGB22', kinds: ['iban'] },
  { input: 'be68 5390 0754 7034', expected: '[IBAN]', kinds: ['iban'] },
  // --- cards
  { input: 'Ma carte 4970 1012 3456 7893 a été débitée deux fois', expected: 'Ma carte [carte bancaire] a été débitée deux fois', kinds: ['card'] },
  { input: 'CB 5130-1234-5678-9017', expected: 'CB [carte bancaire]', kinds: ['card'] },
  { input: 'Amex 3782 822463 10005.', expected: 'Amex [carte bancaire].', kinds: ['card'] },
  { input: 'carte n°4111111111111111 exp 12/27', expected: 'carte n°[carte bancaire] exp 12/27', kinds: ['card'] },
  // --- addresses
  { input: "J'habite au 12 rue des Lilas et je voudrais savoir", expected: "J'habite au [adresse] et je voudrais savoir", kinds: ['address'] },
  { input: 'Adresse : 12 rue des Lilas, 75011 Paris.', expected: 'Adresse : [adresse].', kinds: ['address'] },
  { input: 'Je réside 4 bis avenue du Général de Gaulle 33000 Bordeaux', expected: 'Je réside [adresse]', kinds: ['address'] },
  { input: 'au 3 ter, bd Victor Hugo à Nice', expected: 'au [adresse] à Nice', kinds: ['address'] },
  { input: 'Chez moi, 7 impasse du Moulin, il y a un trou', expected: 'Chez moi, [adresse], il y a un trou', kinds: ['address'] },
  { input: '15 allée des Chênes 69100 Villeurbanne', expected: '[adresse]', kinds: ['address'] },
  { input: 'Le lampadaire devant le 2 chemin de la Croix est cassé', expected: 'Le lampadaire devant le [adresse] est cassé', kinds: ['address'] },
  { input: 'Domicile : 8 place de la République', expected: 'Domicile : [adresse]', kinds: ['address'] },
  { input: 'Nous sommes au 21 quai Saint-Michel', expected: 'Nous sommes au [adresse]', kinds: ['address'] },
  { input: '5 place d’Armes, 13200 Arles', expected: '[adresse]', kinds: ['address'] },
  { input: 'au 8 rue du 8 Mai 1945 à Lyon', expected: 'au [adresse] à Lyon', kinds: ['address'] },
  { input: 'Résidence : 3 résidence Les Érables', expected: 'Résidence : [adresse]', kinds: ['address'] },
  { input: 'lot 14 : 14 lotissement le Clos Fleuri', expected: 'lot 14 : [adresse]', kinds: ['address'] },
  { input: 'J’habite 12 rue victor hugo depuis deux ans', expected: 'J’habite [adresse] depuis deux ans', kinds: ['address'] },
  { input: '12 cours Mirabeau, 13100 Aix-en-Provence', expected: '[adresse]', kinds: ['address'] },
  { input: 'au 10 av. Jean Jaurès', expected: 'au [adresse]', kinds: ['address'] },
  { input: '1 route de Saint-Jean-de-Luz 64500 Ciboure', expected: '[adresse]', kinds: ['address'] },
  // --- several items
  {
    input: 'Je suis Mme Durand, 6 rue Pasteur, tél 06 11 22 33 44, mail durand@free.fr.',
    expected: 'Je suis Mme Durand, [adresse], tél [téléphone], mail [courriel].',
    kinds: ['address', 'phone', 'email'],
  },
];

const FALSE_POSITIVES: string[] = [
  'La réunion publique a lieu le 12/03/2026 à 15h30.',
  'Le conseil municipal se réunit le 12 mars 2026 à 18 h 30.',
  'La cantine coûte 3,50 € par repas et 15 € la carte.',
  'Le budget 2026 est de 1 250 000 euros.',
  'La mairie est ouverte de 8h30 à 12h et de 14h à 17h.',
  'Le 3 rue est fermée à cause des travaux.',
  'Il reste 1 place de parking devant l’école.',
  'Nous proposons 3 cours de yoga par semaine.',
  'Il y a 2 passages piétons et 3 places handicapées.',
  'La commune compte 4 500 habitants et 12 rues.',
  'Le code postal de la commune est 33000 Bordeaux.',
  'Article L. 2212-2 du code général des collectivités territoriales.',
  'Délibération n° 2026-045 du 3 février 2026.',
  'Le SIRET de la mairie est 213 300 636 00018.',
  'Composez le 3939 ou le 112 en cas d’urgence.',
  'La séance commence à 20:30 le 2026-03-12.',
  'Il faut 2 justificatifs de moins de 3 mois.',
  'Le taux de TVA est de 20 % et la taxe foncière a augmenté de 1,7 %.',
  'Le marché a lieu tous les mardis de 7 h à 13 h place du Marché.',
  'Le dossier 2025/1234 a été instruit en 45 jours.',
  'La route départementale 936 est coupée entre les PR 12 et 14.',
  'Référence de la facture : 2026-03-000145.',
  'Le compte rendu du 05.03.2026 est en ligne.',
  'La salle peut accueillir 150 personnes, tarif 120 €.',
  'Version 2.4.1 du logiciel, 1024 Mo.',
  'Un numéro invalide comme 1 85 13 78 006 084 n’est pas un NIR.',
  'Un IBAN faux FR76 3000 6000 0112 3456 7890 188 reste en clair.',
  'Une suite 4970 1012 3456 7890 qui n’est pas Luhn reste en clair.',
];

describe('redactPersonalData — true positives', () => {
  it.each(TRUE_POSITIVES)('$input', ({ input, expected, kinds }) => {
    const result = redactPersonalData(input);
    expect(result.text).toBe(expected);
    expect(result.redactions.map((r) => r.kind)).toEqual(kinds);
  });
});

describe('redactPersonalData — false positives', () => {
  it.each(FALSE_POSITIVES)('%s', (input) => {
    const result = redactPersonalData(input);
    expect(result.redactions).toEqual([]);
    expect(result.text).toBe(input);
  });
});

describe('offsets', () => {
  it('refer to the original text', () => {
    const input = 'Tél 06 12 34 56 78, mail a.b@c.fr, IBAN FR76 3000 6000 0112 3456 7890 189.';
    const { redactions } = redactPersonalData(input);
    expect(redactions.map((r) => input.slice(r.start, r.end))).toEqual([
      '06 12 34 56 78',
      'a.b@c.fr',
      'FR76 3000 6000 0112 3456 7890 189',
    ]);
  });

  it('are sorted and non-overlapping', () => {
    const input = '0612345678@free.fr et 4111 1111 1111 1111 et 12 rue Pasteur 06 12 34 56 78';
    const spans = detectPersonalData(input);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    expect(spans.map((s) => s.kind)).toEqual(['email', 'card', 'address', 'phone']);
  });

  it('rebuilds the redacted text from the spans', () => {
    const input = 'A: 06 12 34 56 78 / B: x@y.fr / C: 5 rue Haute';
    const { text, redactions } = redactPersonalData(input);
    let rebuilt = '';
    let cursor = 0;
    for (const r of redactions) {
      rebuilt += input.slice(cursor, r.start) + REDACTION_PLACEHOLDERS[r.kind];
      cursor = r.end;
    }
    expect(rebuilt + input.slice(cursor)).toBe(text);
  });

  it('handles empty and plain text', () => {
    expect(redactPersonalData('')).toEqual({ text: '', redactions: [] });
    expect(redactPersonalData('Bonjour')).toEqual({ text: 'Bonjour', redactions: [] });
  });
});

describe('validators', () => {
  it('validates NIR structure and key', () => {
    expect(isValidNir('185057800608491')).toBe(true);
    expect(isValidNir('1 85 05 78 006 084 91')).toBe(true);
    expect(isValidNir('185057800608490')).toBe(false); // wrong key
    expect(isValidNir('1850578006084')).toBe(true); // no key
    expect(isValidNir('290122A00412367')).toBe(true); // Corsica 2A
    expect(isValidNir('180052B01234560')).toBe(true); // Corsica 2B
    expect(isValidNir('290122A00412368')).toBe(false);
    expect(isValidNir('4850578006084')).toBe(false); // sex 4
    expect(isValidNir('1851378006084')).toBe(false); // month 13
    expect(isValidNir('1851978006084')).toBe(false); // month 19
    expect(isValidNir('1852578006084')).toBe(true); // month 25 (special case)
    expect(isValidNir('1854378006084')).toBe(false); // month 43
    expect(isValidNir('1855578006084')).toBe(true); // month 55
    expect(isValidNir('3850578006084')).toBe(true); // sex 3
    expect(isValidNir('7850578006084')).toBe(true);
    expect(isValidNir('8850578006084')).toBe(true);
    expect(isValidNir('1850500006084')).toBe(false); // department 00
    expect(isValidNir('1850578000084')).toBe(false); // commune 000
    expect(isValidNir('1850578006000')).toBe(false); // order 000
  });

  it('validates IBAN checksums', () => {
    expect(isValidIban('FR7630006000011234567890189')).toBe(true);
    expect(isValidIban('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(isValidIban('fr7630006000011234567890189')).toBe(true);
    expect(isValidIban('FR7630006000011234567890188')).toBe(false);
    expect(isValidIban('FR763000600001123456789018')).toBe(false); // wrong length
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('hello')).toBe(false);
  });

  it('validates Luhn', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4970101234567893')).toBe(true);
    expect(isLuhnValid('4970101234567890')).toBe(false);
    expect(isLuhnValid('378282246310005')).toBe(true);
    expect(isLuhnValid('12a')).toBe(false);
  });
});

describe('table size', () => {
  it('has at least 40 realistic sentences', () => {
    expect(TRUE_POSITIVES.length + FALSE_POSITIVES.length).toBeGreaterThanOrEqual(40);
  });
});
