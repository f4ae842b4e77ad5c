import { describe, expect, it } from 'vitest';
import { DEMO_QUOTAS } from './quotas-demo';
import { planPoolImport } from './pool-import';

const rows = (lines: string[]) => lines.map((l, i) => ({ line: i + 1, cells: l.split(';') }));
const HEADER = 'ID;Nom;Adresse;Code_postal;Genre;âge;Quartier';

describe('reading a pool of volunteers', () => {
  it('finds the id, feature, address and personal columns, and matches values without regard to case or accents', () => {
    const plan = planPoolImport(rows([HEADER, 'a1;Alice;1 rue Haute;99001;FEMME;18-34;centre', 'a2;Bob;;;homme;60+;Nord']), DEMO_QUOTAS);
    expect(plan.problems).toEqual([]);
    expect(plan.columns).toEqual({ id: 'ID', features: ['Genre', 'âge', 'Quartier'], address: ['Adresse', 'Code_postal'], personal: ['Nom'] });
    expect(plan.volunteers).toEqual([
      { externalId: 'a1', line: 2, features: { genre: 'femme', age: '18-34', quartier: 'Centre' }, address: '1 rue Haute, 99001', personal: { Nom: 'Alice' } },
      { externalId: 'a2', line: 3, features: { genre: 'homme', age: '60+', quartier: 'Nord' }, address: null, personal: { Nom: 'Bob' } },
    ]);
  });

  it('reports every problem with its line and keeps no volunteer', () => {
    const plan = planPoolImport(rows([HEADER, 'a1;A;;;femme;18-34;Centre', 'a1;B;;;homme;18-34;Centre', ';C;;;homme;18-34;Nord', 'a4;D;;;;18-34;Ouest']), DEMO_QUOTAS);
    expect(plan.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'ID', 'id_duplicate'],
      [4, 'ID', 'id_missing'],
      [5, 'genre', 'value_missing'],
      [5, 'quartier', 'value_unknown'],
    ]);
    expect(plan.volunteers).toEqual([]);
  });

  it('refuses a file without the id or a feature column, on the header line', () => {
    const plan = planPoolImport(rows(['nom;genre;age', 'A;femme;18-34']), DEMO_QUOTAS);
    expect(plan.problems.map((p) => [p.line, p.code, p.column])).toEqual([
      [1, 'column_missing', 'quartier'],
      [1, 'id_column_missing', null],
    ]);
  });
});
