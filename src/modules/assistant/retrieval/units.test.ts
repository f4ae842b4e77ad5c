import { describe, expect, it } from 'vitest';
import { answerUnits, readable } from './units.js';
import { splitIntoPassages } from './splitter.js';

/** Every unit of every passage, with the passage's heading, checked to quote its own span. */
function unitsOf(body: string) {
  return splitIntoPassages(body).flatMap((p) =>
    answerUnits(p.text, p.heading).map((u) => {
      expect(p.text.slice(u.start, u.end).length).toBeGreaterThan(0);
      return { ...u, heading: p.heading, quote: body.slice(p.start + u.start, p.start + u.end) };
    }),
  );
}

describe('answer units of Markdown', () => {
  const body = [
    '# Mairie',
    '',
    "L'accueil vous oriente. Beaucoup de démarches se font en ligne.",
    '',
    '## Hôtel de ville',
    '',
    "1, place de l'Hôtel-de-Ville.",
    '',
    '- Du lundi au vendredi : de 8 h 30 à 17 h 30.',
    '- Le samedi : de 9 h à 12 h,',
    '  uniquement pour l’état civil.',
    '',
    '## Pièces à fournir',
    '',
    'Apportez :',
    '',
    "- une pièce d'identité ;",
    '- un **justificatif de domicile**.',
    '',
    '## Comment faire ?',
    '',
    '1. Remplissez le formulaire.',
    '2. Prenez rendez-vous.',
    '3. Présentez-vous au guichet.',
    '',
    '## Tarifs',
    '',
    '| Durée | Prix |',
    '| --- | --- |',
    '| 15 ans | 450 € |',
    '| 30 ans | 1 100 € |',
  ].join('\n');
  const units = unitsOf(body);

  it('cuts prose into sentences', () => {
    expect(units.filter((u) => u.kind === 'sentence').map((u) => u.quote)).toEqual([
      "L'accueil vous oriente.",
      'Beaucoup de démarches se font en ligne.',
      "1, place de l'Hôtel-de-Ville.",
    ]);
  });

  it('reads list items without their marker, with their continuation lines, labelled by their heading', () => {
    const items = units.filter((u) => u.heading === 'Mairie > Hôtel de ville' && u.kind === 'item');
    expect(items.map((u) => u.quote)).toEqual(['Du lundi au vendredi : de 8 h 30 à 17 h 30.', 'Le samedi : de 9 h à 12 h,\n  uniquement pour l’état civil.']);
    expect(items.map((u) => u.display)).toEqual(['Du lundi au vendredi : de 8 h 30 à 17 h 30.', 'Le samedi : de 9 h à 12 h, uniquement pour l’état civil.']);
    expect(new Set(items.map((u) => u.label))).toEqual(new Set(['Hôtel de ville']));
    expect(new Set(items.map((u) => u.group)).size).toBe(1);
  });

  it('labels a list by the line that introduces it, read with its heading when short, and removes emphasis', () => {
    const items = units.filter((u) => u.heading === 'Mairie > Pièces à fournir');
    expect(items.map((u) => u.kind)).toEqual(['item', 'item']);
    expect(items[0]?.label).toBe('Pièces à fournir — Apportez');
    expect(items[1]?.display).toBe('un justificatif de domicile.');
  });

  it('reads a numbered list as steps', () => {
    const steps = units.filter((u) => u.kind === 'step');
    expect(steps.map((u) => [u.ordinal, u.display])).toEqual([
      [1, 'Remplissez le formulaire.'],
      [2, 'Prenez rendez-vous.'],
      [3, 'Présentez-vous au guichet.'],
    ]);
    expect(steps[0]?.label).toBe('Comment faire ?');
  });

  it('reads each table row with its column headers', () => {
    const rows = units.filter((u) => u.kind === 'row');
    expect(rows.map((u) => u.display)).toEqual(['Durée : 15 ans ; Prix : 450 €', 'Durée : 30 ans ; Prix : 1 100 €']);
    expect(rows[0]?.header).toEqual(['Durée', 'Prix']);
    expect(rows[0]?.cells).toEqual(['15 ans', '450 €']);
    expect(rows.map((u) => u.quote)).toEqual(['| 15 ans | 450 € |', '| 30 ans | 1 100 € |']);
  });
});

describe('the splitter keeps structure whole', () => {
  it('cuts a long list between items and a long table between rows, never inside one', () => {
    const list = Array.from({ length: 40 }, (_, i) => `- élément numéro ${i} de la liste, avec un peu de texte pour la longueur`).join('\n');
    const table = ['| Tranche | Prix |', '| --- | --- |', ...Array.from({ length: 60 }, (_, i) => `| tranche ${i} de revenus | ${i},00 € |`)].join('\n');
    const body = `Liste :\n${list}\n\n${table}`;
    const passages = splitIntoPassages(body);
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(body.slice(p.start, p.end)).toBe(p.text);
      for (const line of p.text.split('\n')) expect(line).toMatch(/^(?:Liste :|- élément numéro \d+ .*longueur|\| .* \|)$/);
    }
  });
});

describe('readable', () => {
  it('drops emphasis and keeps a link with its address', () => {
    expect(readable('Voir **Espace Famille** sur [le portail](https://ville.fr/famille)')).toBe('Voir Espace Famille sur le portail (https://ville.fr/famille)');
  });
});
