import { describe, expect, it } from 'vitest';
import type { AdminCategory } from '../../api';
import { bodyOf, draftOf, EMPTY_ATTRIBUTE, EMPTY_CATEGORY, moved, parseValues } from './drafts';

describe('the category form’s drafts', () => {
  it('reads list choices as `key = name` lines, a bare line being its own key', () => {
    expect(parseValues(' petit = Moins d’un m³ \n\ngrand=Plus = beaucoup\nautre\n')).toEqual([
      { key: 'petit', name: 'Moins d’un m³' },
      { key: 'grand', name: 'Plus = beaucoup' },
      { key: 'autre', name: 'autre' },
    ]);
  });

  it('builds the API body: trimmed texts, keywords split, empty optionals as null, questions ordered as shown, choices only for list types', () => {
    const body = bodyOf({
      ...EMPTY_CATEGORY,
      code: ' potelet ',
      nameFr: ' Potelet ',
      keywords: 'borne, , potelet ',
      sortOrder: 'x',
      attributes: [
        { ...EMPTY_ATTRIBUTE, code: 'danger', description: 'Danger ?', datatype: 'singlevaluelist', values: 'oui = Oui\nnon = Non' },
        { ...EMPTY_ATTRIBUTE, code: 'nombre', description: 'Combien ?', datatype: 'number', required: true, values: 'ignored = x' },
      ],
      templates: [{ id: 'fait', title: 'Fait', text: ' Réparé. ', status: '' }],
    });
    expect(body).toMatchObject({ code: 'potelet', nameFr: 'Potelet', nameEn: null, parentCode: null, routingTeamId: null, keywords: ['borne', 'potelet'], sortOrder: 0 });
    expect(body.attributes).toEqual([
      { code: 'danger', datatype: 'singlevaluelist', required: false, description: 'Danger ?', datatypeDescription: null, order: 0, values: [{ key: 'oui', name: 'Oui' }, { key: 'non', name: 'Non' }] },
      { code: 'nombre', datatype: 'number', required: true, description: 'Combien ?', datatypeDescription: null, order: 10, values: [] },
    ]);
    expect(body.responseTemplates).toEqual([{ id: 'fait', title: 'Fait', text: 'Réparé.', status: null }]);
  });

  it('reads a category back into the same draft it came from', () => {
    const category: AdminCategory = {
      id: '1',
      code: 'potelet',
      parentCode: 'voirie',
      nameFr: 'Potelet',
      nameEn: 'Bollard',
      description: 'Arraché ou tordu',
      keywords: ['borne'],
      attributes: [
        { code: 'b', datatype: 'multivaluelist', required: false, description: 'B', datatypeDescription: null, order: 20, values: [{ key: 'x', name: 'X' }] },
        { code: 'a', datatype: 'string', required: true, description: 'A', datatypeDescription: 'court', order: 10, values: [] },
      ],
      photoRequired: true,
      anonymousAllowed: false,
      routingTeamId: 'team-1',
      defaultPriority: 'high',
      responseTemplates: [{ id: 't', title: 'T', text: 'Texte', status: 'done' }],
      active: true,
      sortOrder: 5,
      demo: false,
      openReports: 3,
    };
    const draft = draftOf(category);
    expect(draft.attributes.map((a) => a.code)).toEqual(['a', 'b']);
    expect(draft.attributes[1]!.values).toBe('x = X');
    const { code: _code, ...body } = bodyOf(draft);
    expect(body).toMatchObject({ parentCode: 'voirie', nameEn: 'Bollard', routingTeamId: 'team-1', defaultPriority: 'high', sortOrder: 5, photoRequired: true, anonymousAllowed: false });
    expect(body.attributes.map((a) => [a.code, a.order, a.datatypeDescription])).toEqual([
      ['a', 0, 'court'],
      ['b', 10, null],
    ]);
    expect(body.responseTemplates).toEqual(category.responseTemplates);
  });

  it('moves an item up or down, and leaves the ends alone', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
